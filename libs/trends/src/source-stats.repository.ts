import type { Database } from '../../db/src/index.js';
import { ARTICLE_LANGUAGE, sourceConditions, type SourceFilters } from './source-filter.js';

export interface SourceStatsFilter {
  lens: string;
  model: string;
  /** First and last UTC day of the period, inclusive, as YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
  feedIds: number[];
  outlets: string[];
  countries: string[];
  languages: string[];
  kinds: string[];
}

/** One feed with its health and its figures over the period (sums, so outlets can be added up exactly). */
export interface SourceStatsRow {
  feedId: number;
  url: string;
  title: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: string;
  enabled: boolean;
  articles: number;
  relevant: number;
  scored: number;
  sumStance: number;
  nSupportive: number;
  nNeutral: number;
  nCritical: number;
  lastSuccessAt: Date | null;
  lastPolledAt: Date | null;
  lastStatus: string | null;
  consecutiveFailures: number;
  lastError: string | null;
}

/**
 * Per-feed figures for the sources view. Volumes and scores come from the daily rollups in UTC
 * (offset 0), so a period of a year reads a few hundred rows per feed; the relevant count, which the
 * rollups do not keep, is counted from the articles over the same UTC days.
 */
export class SourceStatsRepository {
  constructor(private readonly db: Database) {}

  list(filter: SourceStatsFilter): Promise<SourceStatsRow[]> {
    const params: unknown[] = [filter.lens, filter.model, filter.fromDay, filter.toDay];
    const add = (value: unknown): string => `$${params.push(value)}`;
    const none: SourceFilters = { feed: [], outlet: [], country: [], language: [], kind: [] };
    const ofFeed = sourceConditions(
      {
        ...none,
        feed: filter.feedIds,
        outlet: filter.outlets,
        country: filter.countries,
        kind: filter.kinds,
      },
      add,
      ARTICLE_LANGUAGE,
    );
    // The language is the article's: with a language filter a feed counts only its articles in it,
    // and a feed without any in the period is not listed.
    const inLanguage = (language: string) =>
      sourceConditions({ ...none, language: filter.languages }, add, language);
    const listed = filter.languages.length ? `${ofFeed} AND volume.n IS NOT NULL` : ofFeed;
    return this.db.query<SourceStatsRow>(
      `WITH volume AS (
         SELECT feed_id, sum(n_all)::bigint AS n FROM volume_daily
         WHERE offset_minutes = 0 AND day BETWEEN $3::date AND $4::date AND ${inLanguage('language')}
         GROUP BY feed_id
       ), scores AS (
         SELECT feed_id, sum(n)::bigint AS n, sum(sum_stance) AS sum_stance, sum(n_supportive)::bigint AS n_supportive,
           sum(n_neutral)::bigint AS n_neutral, sum(n_critical)::bigint AS n_critical
         FROM trend_daily
         WHERE lens = $1 AND model = $2 AND offset_minutes = 0 AND day BETWEEN $3::date AND $4::date
           AND ${inLanguage('language')}
         GROUP BY feed_id
       ), relevant AS (
         SELECT a.feed_id, count(*)::bigint AS n FROM articles a JOIN feeds f ON f.id = a.feed_id
         WHERE a.is_relevant AND a.relevance ? $1
           AND a.published_at >= ($3::date)::timestamp AT TIME ZONE 'UTC'
           AND a.published_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'
           AND ${inLanguage(ARTICLE_LANGUAGE)}
         GROUP BY a.feed_id
       )
       SELECT f.id AS "feedId", f.url, f.title, f.outlet, f.country, f.language, f.kind, f.enabled,
         coalesce(volume.n, 0) AS articles, coalesce(relevant.n, 0) AS relevant, coalesce(scores.n, 0) AS scored,
         coalesce(scores.sum_stance, 0) AS "sumStance", coalesce(scores.n_supportive, 0) AS "nSupportive",
         coalesce(scores.n_neutral, 0) AS "nNeutral", coalesce(scores.n_critical, 0) AS "nCritical",
         f.last_success_at AS "lastSuccessAt", f.last_polled_at AS "lastPolledAt", f.last_status AS "lastStatus",
         f.consecutive_failures AS "consecutiveFailures", f.last_error AS "lastError"
       FROM feeds f
       LEFT JOIN volume ON volume.feed_id = f.id
       LEFT JOIN scores ON scores.feed_id = f.id
       LEFT JOIN relevant ON relevant.feed_id = f.id
       WHERE ${listed}
       ORDER BY f.outlet, f.id`,
      params,
    );
  }
}
