import { bindNamed, type Database } from '../../../db/src/index.js';
import { ARTICLE_LANGUAGE, namedBinder, sourceConditions } from '../../../trends/src/index.js';
import type { RuleFilters } from './alert-rule.js';

/** The sums of one window ending `index` windows before the newest (index 0: the window ending now). */
export interface WindowSums {
  index: number;
  n: number;
  sumStance: number;
  nSupportive: number;
  nCritical: number;
  sumSentiment: number;
  sumFraming: number;
}

export interface WindowScope {
  lens: string;
  model: string;
  filters: RuleFilters;
}

const HOUR_MS = 3_600_000;
/** Most ranges one read names: past it the closest ranges are joined, so the plan stays quick to make. */
const MAX_RANGES = 64;

/** A span of time [from, to) in epoch milliseconds. */
type Range = [from: number, to: number];

// Windows end at any instant, rollups hold whole UTC hours: an hour whose whole lies inside a window
// comes from trend_hourly, the ragged ends of the window (before its first and after its last whole
// hour) from article_scores. Both reads tag each row with the start of its window by date_bin from the
// start of the oldest window (exact: microseconds), so each reads the span once.
const WINDOW_START = (at: string) =>
  `date_bin(make_interval(mins => :minutes::int), ${at}, :spanStart::timestamptz)`;
const WINDOW_END = (at: string) => `(${WINDOW_START(at)} + make_interval(mins => :minutes::int))`;

/** Reads what a rule compares: sums of scores per trailing window, the articles behind them, their texts. */
export class RuleWindowRepository {
  constructor(private readonly db: Database) {}

  /**
   * Sums of `count` consecutive windows of `minutes` each, the newest ending at `to`. One statement for
   * all the windows: the rollup rows and the scored articles are read once each, by index ranges over
   * only the spans that need them (a LATERAL per window used to hash all of article_scores per window,
   * so the cost grew with the archive).
   */
  async windowSums(scope: WindowScope, to: Date, minutes: number, count: number): Promise<WindowSums[]> {
    const { whole, ragged } = windowRanges(to.getTime(), minutes * 60_000, count);
    const spanStart = new Date(to.getTime() - count * minutes * 60_000);
    const values: Record<string, unknown> = { ...this.scopeValues(scope), minutes, spanStart };
    const inScope = this.filterOf(scope, values);
    // The UTC hour of the article: date_bin, cheaper per row than date_trunc with a named zone.
    const hour = `date_bin(interval '1 hour', a.published_at, timestamptz '2000-01-01 00:00:00+00')`;
    const rows = await this.query<Omit<WindowSums, 'index'> & { start: Date }>(
      `SELECT x.start, sum(x.n)::int AS n, sum(x.s)::float8 AS "sumStance", sum(x.sup)::int AS "nSupportive",
         sum(x.crit)::int AS "nCritical", sum(x.sent)::float8 AS "sumSentiment", sum(x.fr)::float8 AS "sumFraming"
       FROM (
         SELECT ${WINDOW_START('t.bucket')} AS start, t.n, t.sum_stance::float8 AS s, t.n_supportive AS sup,
           t.n_critical AS crit, t.sum_sentiment::float8 AS sent, t.sum_framing::float8 AS fr
         FROM trend_hourly t JOIN feeds f ON f.id = t.feed_id
         WHERE t.lens = :lens AND t.model = :model AND ${rangeClause('t.bucket', 'w', whole, values)}
           AND t.bucket + interval '1 hour' <= ${WINDOW_END('t.bucket')} AND ${inScope('t.language')}
         UNION ALL
         SELECT ${WINDOW_START('a.published_at')}, 1, sc.stance_score::float8, (sc.stance_label = 'supportive')::int,
           (sc.stance_label = 'critical')::int, sc.sentiment_score::float8, sc.framing_score::float8
         FROM articles a JOIN article_scores sc ON sc.article_id = a.id JOIN feeds f ON f.id = a.feed_id
         WHERE sc.lens = :lens AND sc.model = :model AND ${rangeClause('a.published_at', 'r', ragged, values)}
           AND NOT (${hour} >= ${WINDOW_START('a.published_at')}
             AND ${hour} + interval '1 hour' <= ${WINDOW_END('a.published_at')})
           AND ${inScope(ARTICLE_LANGUAGE)}
       ) x
       GROUP BY x.start`,
      values,
    );
    const windowMs = minutes * 60_000;
    const byIndex = new Map(
      rows.map(({ start, ...sums }) => [Math.round((to.getTime() - start.getTime()) / windowMs) - 1, sums]),
    );
    return Array.from({ length: count }, (_, index) => ({
      index,
      ...(byIndex.get(index) ?? {
        n: 0,
        sumStance: 0,
        nSupportive: 0,
        nCritical: 0,
        sumSentiment: 0,
        sumFraming: 0,
      }),
    }));
  }

  /** The latest scored articles of the window [from, to), newest first. */
  async latestScored(scope: WindowScope, from: Date, to: Date, limit: number): Promise<number[]> {
    const values = { ...this.scopeValues(scope), from, to, limit };
    const rows = await this.query<{ id: number }>(
      `SELECT a.id FROM article_scores sc JOIN articles a ON a.id = sc.article_id JOIN feeds f ON f.id = a.feed_id
       WHERE sc.lens = :lens AND sc.model = :model AND a.published_at >= :from AND a.published_at < :to
         AND ${this.filterOf(scope, values)(ARTICLE_LANGUAGE)}
       ORDER BY a.published_at DESC, a.id DESC LIMIT :limit`,
      values,
    );
    return rows.map((row) => row.id);
  }

  /**
   * Title and summary of the articles relevant to the lens published in [from, to), newest first, a page
   * at a time (`before` is the last id of the previous page).
   */
  async relevantTexts(
    scope: Omit<WindowScope, 'model'>,
    from: Date,
    to: Date,
    page: { before: { publishedAt: Date; id: number } | null; limit: number },
  ): Promise<{ id: number; publishedAt: Date; text: string }[]> {
    const values: Record<string, unknown> = {
      ...this.scopeValues({ ...scope, model: '' }),
      from,
      to,
      beforeAt: page.before?.publishedAt ?? null,
      beforeId: page.before?.id ?? null,
      limit: page.limit,
    };
    return this.query(
      `SELECT a.id, a.published_at AS "publishedAt", concat_ws(' ', a.title, a.summary) AS text
       FROM articles a JOIN feeds f ON f.id = a.feed_id
       WHERE a.is_relevant AND a.relevance ? :lens AND a.published_at >= :from AND a.published_at < :to
         AND (:beforeAt::timestamptz IS NULL OR (a.published_at, a.id) < (:beforeAt::timestamptz, :beforeId::bigint))
         AND ${this.filterOf({ ...scope, model: '' }, values)(ARTICLE_LANGUAGE)}
       ORDER BY a.published_at DESC, a.id DESC LIMIT :limit`,
      values,
    );
  }

  private async query<Row extends object>(sql: string, values: Record<string, unknown>): Promise<Row[]> {
    const { text, params } = bindNamed(sql, values);
    return this.db.query<Row & Record<string, unknown>>(text, params);
  }

  private scopeValues(scope: WindowScope): Record<string, unknown> {
    return { lens: scope.lens, model: scope.model };
  }

  /** The rule's source filter over a source whose article language is `language`; binds into `values`. */
  private filterOf(scope: WindowScope, values: Record<string, unknown>): (language: string) => string {
    const bind = namedBinder(values, 'filter');
    return (language) => sourceConditions({ feed: [], ...scope.filters }, bind, language);
  }
}

/**
 * The spans the windows take from the rollups (their whole hours) and from the scores (their ragged
 * ends), each joined with its neighbours: a 60-minute window between whole hours has no whole hour, so
 * its windows' ragged ends make one span.
 */
function windowRanges(toMs: number, windowMs: number, count: number): { whole: Range[]; ragged: Range[] } {
  const whole: Range[] = [];
  const ragged: Range[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const lo = toMs - (i + 1) * windowMs;
    const hi = toMs - i * windowMs;
    const firstHour = Math.ceil(lo / HOUR_MS) * HOUR_MS;
    const lastHour = Math.floor(hi / HOUR_MS) * HOUR_MS;
    if (firstHour >= lastHour) {
      joinOn(ragged, [lo, hi]);
      continue;
    }
    joinOn(ragged, [lo, firstHour]);
    joinOn(whole, [firstHour, lastHour]);
    joinOn(ragged, [lastHour, hi]);
  }
  return { whole: coarsen(whole), ragged: coarsen(ragged) };
}

/** Appends a range (ranges come in order), joining it to the last one when they touch. */
function joinOn(ranges: Range[], range: Range): void {
  if (range[0] >= range[1]) return;
  const last = ranges[ranges.length - 1];
  if (last && last[1] >= range[0]) last[1] = Math.max(last[1], range[1]);
  else ranges.push(range);
}

/** Joins the ranges across their narrowest gaps until MAX_RANGES are left: a wider read, the same rows counted. */
function coarsen(ranges: Range[]): Range[] {
  const out = ranges.map((range): Range => [...range]);
  while (out.length > MAX_RANGES) {
    let narrowest = 0;
    for (let k = 1; k < out.length - 1; k++)
      if (out[k + 1][0] - out[k][1] < out[narrowest + 1][0] - out[narrowest][1]) narrowest = k;
    out.splice(narrowest, 2, [out[narrowest][0], out[narrowest + 1][1]]);
  }
  return out;
}

/**
 * `column` within one of the ranges, as constants the planner can estimate and use as index ranges;
 * adds their values as :{prefix}{k}lo / :{prefix}{k}hi.
 */
function rangeClause(
  column: string,
  prefix: string,
  ranges: Range[],
  values: Record<string, unknown>,
): string {
  if (ranges.length === 0) return 'false';
  const arms = ranges.map(([from, to], k) => {
    values[`${prefix}${k}lo`] = new Date(from);
    values[`${prefix}${k}hi`] = new Date(to);
    return `(${column} >= :${prefix}${k}lo AND ${column} < :${prefix}${k}hi)`;
  });
  return `(${arms.join(' OR ')})`;
}
