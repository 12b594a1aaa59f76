/**
 * Which sources a number counts, as every reader of scores filters them: the trend query, the alert
 * rules' windows, the article list behind a bucket and the per-source statistics. One builder, so the
 * articles listed behind a number are the ones it counted.
 */
export interface SourceFilters {
  feed: number[];
  outlet: string[];
  /** ISO 3166 alpha-2, any case. */
  country: string[];
  /** The article's language (its own, else its feed's), ISO 639-1. */
  language: string[];
  kind: string[];
}

/**
 * The article's language over raw rows: its own, else its feed's (a feed's items may declare none).
 * The rollups store this value in their `language` column.
 */
export const ARTICLE_LANGUAGE = 'coalesce(a.language, f.language)';

/**
 * The conditions of a filter, joined with AND (`true` when it filters nothing). Feed, outlet, country
 * and kind are properties of the feed, read from `f`; the language is the article's, read from
 * `language`: ARTICLE_LANGUAGE over raw rows, or the `language` column of a rollup. `bind` adds a
 * value to the query's parameters and returns its placeholder: values are always bound.
 */
export function sourceConditions(
  filters: SourceFilters,
  bind: (value: unknown) => string,
  language: string,
): string {
  const conditions: string[] = [];
  if (filters.feed.length) conditions.push(`f.id = ANY(${bind(filters.feed)}::bigint[])`);
  if (filters.outlet.length) conditions.push(`f.outlet = ANY(${bind(filters.outlet)}::text[])`);
  if (filters.country.length)
    conditions.push(
      `upper(f.country) = ANY(${bind(filters.country.map((country) => country.toUpperCase()))}::text[])`,
    );
  if (filters.language.length)
    conditions.push(`${language} = ANY(${bind(filters.language.map((code) => code.toLowerCase()))}::text[])`);
  if (filters.kind.length) conditions.push(`f.kind = ANY(${bind(filters.kind)}::text[])`);
  return conditions.length ? `(${conditions.join(' AND ')})` : 'true';
}

/** A `bind` for queries with named parameters (bindNamed): each value under a fresh :name in `values`. */
export function namedBinder(values: Record<string, unknown>, prefix: string): (value: unknown) => string {
  let next = 0;
  return (value) => {
    const name = `${prefix}${next++}`;
    values[name] = value;
    return `:${name}`;
  };
}
