import { bindNamed, type Database } from '../../../db/src/index.js';
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

const FEED_FILTER = `(cardinality(:outlets::text[]) = 0 OR f.outlet = ANY(:outlets::text[]))
  AND (cardinality(:countries::text[]) = 0 OR f.country = ANY(:countries::text[]))
  AND (cardinality(:languages::text[]) = 0 OR f.language = ANY(:languages::text[]))
  AND (cardinality(:kinds::text[]) = 0 OR f.kind = ANY(:kinds::text[]))`;

// Windows end at any instant, rollups hold whole UTC hours: the whole hours inside a window come from
// trend_hourly, the ragged ends (before its first and after its last whole hour) from article_scores.
const WINDOWS = `w0 AS (
    SELECT i, :to::timestamptz - make_interval(mins => (i + 1) * :minutes::int) AS lo,
      :to::timestamptz - make_interval(mins => i * :minutes::int) AS hi
    FROM generate_series(0, :count::int - 1) AS i),
  w1 AS (SELECT i, lo, hi, date_trunc('hour', lo + interval '1 hour' - interval '1 microsecond', 'UTC') AS clo,
      date_trunc('hour', hi, 'UTC') AS fhi FROM w0),
  w AS (SELECT i, lo, hi, CASE WHEN clo <= fhi THEN clo ELSE hi END AS hlo,
      CASE WHEN clo <= fhi THEN fhi ELSE hi END AS hhi FROM w1)`;

/** Reads what a rule compares: sums of scores per trailing window, the articles behind them, their texts. */
export class RuleWindowRepository {
  constructor(private readonly db: Database) {}

  /** Sums of `count` consecutive windows of `minutes` each, the newest ending at `to`. */
  async windowSums(scope: WindowScope, to: Date, minutes: number, count: number): Promise<WindowSums[]> {
    return this.query<WindowSums>(
      `WITH ${WINDOWS}
       SELECT w.i AS index, coalesce(sum(x.n), 0)::int AS n, coalesce(sum(x.s), 0)::float8 AS "sumStance",
         coalesce(sum(x.sup), 0)::int AS "nSupportive", coalesce(sum(x.crit), 0)::int AS "nCritical",
         coalesce(sum(x.sent), 0)::float8 AS "sumSentiment", coalesce(sum(x.fr), 0)::float8 AS "sumFraming"
       FROM w LEFT JOIN LATERAL (
         SELECT t.n, t.sum_stance AS s, t.n_supportive AS sup, t.n_critical AS crit, t.sum_sentiment AS sent,
           t.sum_framing AS fr
         FROM trend_hourly t JOIN feeds f ON f.id = t.feed_id
         WHERE t.lens = :lens AND t.model = :model AND t.bucket >= w.hlo AND t.bucket < w.hhi AND ${FEED_FILTER}
         UNION ALL
         SELECT 1, sc.stance_score::float8, (sc.stance_label = 'supportive')::int, (sc.stance_label = 'critical')::int,
           sc.sentiment_score::float8, sc.framing_score::float8
         FROM article_scores sc JOIN articles a ON a.id = sc.article_id JOIN feeds f ON f.id = a.feed_id
         WHERE sc.lens = :lens AND sc.model = :model AND ${FEED_FILTER}
           AND ((a.published_at >= w.lo AND a.published_at < w.hlo) OR (a.published_at >= w.hhi AND a.published_at < w.hi))
       ) x ON true
       GROUP BY w.i ORDER BY w.i`,
      { ...this.scopeValues(scope), to, minutes, count },
    );
  }

  /** The latest scored articles of the window [from, to), newest first. */
  async latestScored(scope: WindowScope, from: Date, to: Date, limit: number): Promise<number[]> {
    const rows = await this.query<{ id: number }>(
      `SELECT a.id FROM article_scores sc JOIN articles a ON a.id = sc.article_id JOIN feeds f ON f.id = a.feed_id
       WHERE sc.lens = :lens AND sc.model = :model AND a.published_at >= :from AND a.published_at < :to AND ${FEED_FILTER}
       ORDER BY a.published_at DESC, a.id DESC LIMIT :limit`,
      { ...this.scopeValues(scope), from, to, limit },
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
    return this.query(
      `SELECT a.id, a.published_at AS "publishedAt", concat_ws(' ', a.title, a.summary) AS text
       FROM articles a JOIN feeds f ON f.id = a.feed_id
       WHERE a.is_relevant AND a.relevance ? :lens AND a.published_at >= :from AND a.published_at < :to
         AND (:beforeAt::timestamptz IS NULL OR (a.published_at, a.id) < (:beforeAt::timestamptz, :beforeId::bigint))
         AND ${FEED_FILTER}
       ORDER BY a.published_at DESC, a.id DESC LIMIT :limit`,
      {
        ...this.scopeValues({ ...scope, model: '' }),
        from,
        to,
        beforeAt: page.before?.publishedAt ?? null,
        beforeId: page.before?.id ?? null,
        limit: page.limit,
      },
    );
  }

  private async query<Row extends object>(sql: string, values: Record<string, unknown>): Promise<Row[]> {
    const { text, params } = bindNamed(sql, values);
    return this.db.query<Row & Record<string, unknown>>(text, params);
  }

  private scopeValues(scope: WindowScope): Record<string, unknown> {
    return {
      lens: scope.lens,
      model: scope.model,
      outlets: scope.filters.outlet,
      countries: scope.filters.country,
      languages: scope.filters.language,
      kinds: scope.filters.kind,
    };
  }
}
