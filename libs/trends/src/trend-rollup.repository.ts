import { type Database, type Queryable } from '../../db/src/index.js';
import { ARTICLE_LANGUAGE } from './source-filter.js';

/** Local-day rollups are kept for these fixed offsets from UTC: UTC, Moscow (+3), Beijing (+8). */
export const DAILY_OFFSETS_MINUTES = [0, 180, 480] as const;

// Scores are stored as real; summing them as double keeps the rollups exact to ~1e-12.
const SUMS = `count(*)::int, sum(s.stance_score::float8), sum(s.stance_score::float8 ^ 2),
  count(*) FILTER (WHERE s.stance_label = 'supportive')::int, count(*) FILTER (WHERE s.stance_label = 'neutral')::int,
  count(*) FILTER (WHERE s.stance_label = 'critical')::int, sum(s.sentiment_score::float8),
  sum(s.sentiment_score::float8 ^ 2), sum(s.framing_score::float8), sum(s.framing_score::float8 ^ 2),
  sum(s.p_supportive::float8), sum(s.p_neutral::float8), sum(s.p_critical::float8)`;
const SUM_COLUMNS = `n, sum_stance, sum_stance2, n_supportive, n_neutral, n_critical, sum_sentiment, sum_sentiment2,
  sum_framing, sum_framing2, sum_p_supportive, sum_p_neutral, sum_p_critical`;
const localDay = (row: string) =>
  `((${row}.published_at AT TIME ZONE 'UTC') + make_interval(mins => o.offset_minutes))::date`;
const LOCAL_DAY = localDay('a');
const OFFSETS = `unnest($2::int[]) AS o(offset_minutes)`;

const ADD_SUMS = (table: string) =>
  SUM_COLUMNS.split(',')
    .map((column) => `${column.trim()} = ${table}.${column.trim()} + EXCLUDED.${column.trim()}`)
    .join(', ');

/**
 * The part of a statement that adds the sums of freshly written scores to the hours and local days
 * they fall in: two data-modifying CTEs (`hourly`, `daily`) over `source`, a CTE of the written rows
 * with lens, model, stance_label, the three stance probabilities, the three scores, feed_id, published_at and language (the article's,
 * ARTICLE_LANGUAGE). `offsets` is the
 * placeholder bound to DAILY_OFFSETS_MINUTES. Bucket rows are written in key order, so concurrent
 * batches take their row locks in the same order; each adds its own rows to the latest version.
 */
export function scoreSumsAdded(source: string, offsets: string): string {
  return `hourly AS (
         INSERT INTO trend_hourly (lens, model, bucket, feed_id, language, ${SUM_COLUMNS})
         SELECT s.lens, s.model, date_trunc('hour', s.published_at, 'UTC'), s.feed_id, s.language, ${SUMS}
         FROM ${source} s GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
         ON CONFLICT (lens, model, bucket, feed_id, language) DO UPDATE SET ${ADD_SUMS('trend_hourly')}),
       daily AS (
         INSERT INTO trend_daily (lens, model, offset_minutes, day, feed_id, language, ${SUM_COLUMNS})
         SELECT s.lens, s.model, o.offset_minutes, ${localDay('s')}, s.feed_id, s.language, ${SUMS}
         FROM ${source} s, unnest(${offsets}::int[]) AS o(offset_minutes)
         GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
         ON CONFLICT (lens, model, offset_minutes, day, feed_id, language) DO UPDATE SET ${ADD_SUMS('trend_daily')})`;
}

/**
 * Keeps trend_hourly / trend_daily (scores) and volume_hourly / volume_daily (all articles) equal to
 * what a full computation from the raw rows gives. Scores add the sums of exactly the rows a batch
 * wrote, in the statement that writes them (ScoreRepository.insertScores, with scoreSumsAdded);
 * volumes and rebuilds recompute whole buckets from the rows. Either way a retried job cannot count
 * anything twice.
 */
export class TrendRollupRepository {
  constructor(private readonly db: Database) {}

  /**
   * Recomputes the volume buckets these articles fall in. Call it in the transaction that stored
   * them, while holding the lock of their feed (the poll's row lock), so volumes of one feed are
   * recomputed one poll at a time.
   */
  async refreshVolume(client: Queryable, articleIds: number[]): Promise<void> {
    if (articleIds.length === 0) return;
    await client.query(
      `WITH touched AS (
         SELECT DISTINCT date_trunc('hour', a.published_at, 'UTC') AS bucket, a.feed_id, ${ARTICLE_LANGUAGE} AS language
         FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ANY($1::bigint[]))
       INSERT INTO volume_hourly (bucket, feed_id, language, n_all)
       SELECT t.bucket, t.feed_id, t.language, count(*)::int FROM touched t
       JOIN feeds f ON f.id = t.feed_id
       JOIN articles a ON a.feed_id = t.feed_id AND a.published_at >= t.bucket AND a.published_at < t.bucket + interval '1 hour'
         AND ${ARTICLE_LANGUAGE} = t.language
       GROUP BY t.bucket, t.feed_id, t.language
       ON CONFLICT (bucket, feed_id, language) DO UPDATE SET n_all = EXCLUDED.n_all`,
      [articleIds],
    );
    await client.query(
      `WITH touched AS (
         SELECT DISTINCT o.offset_minutes, ${LOCAL_DAY} AS day, a.feed_id, ${ARTICLE_LANGUAGE} AS language
         FROM articles a JOIN feeds f ON f.id = a.feed_id, ${OFFSETS} WHERE a.id = ANY($1::bigint[]))
       INSERT INTO volume_daily (offset_minutes, day, feed_id, language, n_all)
       SELECT t.offset_minutes, t.day, t.feed_id, t.language, count(*)::int FROM touched t
       JOIN feeds f ON f.id = t.feed_id
       JOIN articles a ON a.feed_id = t.feed_id
         AND a.published_at >= (t.day - make_interval(mins => t.offset_minutes)) AT TIME ZONE 'UTC'
         AND a.published_at < (t.day + 1 - make_interval(mins => t.offset_minutes)) AT TIME ZONE 'UTC'
         AND ${ARTICLE_LANGUAGE} = t.language
       GROUP BY t.offset_minutes, t.day, t.feed_id, t.language
       ON CONFLICT (offset_minutes, day, feed_id, language) DO UPDATE SET n_all = EXCLUDED.n_all`,
      [articleIds, DAILY_OFFSETS_MINUTES],
    );
  }

  /**
   * Recomputes every rollup from the raw rows, from `since` on (everything when null), in one
   * transaction that holds the rollup tables against concurrent writers.
   */
  async rebuild(
    since: Date | null,
  ): Promise<{ hourly: number; daily: number; volumeHourly: number; volumeDaily: number }> {
    return this.db.transaction(async (client) => {
      await client.query(
        `LOCK TABLE trend_hourly, trend_daily, volume_hourly, volume_daily IN EXCLUSIVE MODE`,
      );
      const from = since ?? new Date(0);
      // Whole hours and whole local days from `since` on are recomputed.
      const hourStart = `date_trunc('hour', $1::timestamptz, 'UTC')`;
      const dayStart = `(((($1::timestamptz AT TIME ZONE 'UTC') + make_interval(mins => o.offset_minutes))::date)
        - make_interval(mins => o.offset_minutes)) AT TIME ZONE 'UTC'`;
      await client.query(`DELETE FROM trend_hourly WHERE bucket >= ${hourStart}`, [from]);
      await client.query(`DELETE FROM volume_hourly WHERE bucket >= ${hourStart}`, [from]);
      for (const table of ['trend_daily', 'volume_daily']) {
        await client.query(
          `DELETE FROM ${table} t USING ${OFFSETS}
           WHERE t.offset_minutes = o.offset_minutes AND t.day >= ((($1::timestamptz AT TIME ZONE 'UTC') + make_interval(mins => o.offset_minutes))::date)`,
          [from, DAILY_OFFSETS_MINUTES],
        );
      }
      const hourly = await client.query(
        `INSERT INTO trend_hourly (lens, model, bucket, feed_id, language, ${SUM_COLUMNS})
         SELECT s.lens, s.model, date_trunc('hour', a.published_at, 'UTC'), a.feed_id, ${ARTICLE_LANGUAGE}, ${SUMS}
         FROM articles a JOIN feeds f ON f.id = a.feed_id JOIN article_scores s ON s.article_id = a.id
         WHERE a.published_at >= ${hourStart}
         GROUP BY 1, 2, 3, 4, 5`,
        [from],
      );
      const daily = await client.query(
        `INSERT INTO trend_daily (lens, model, offset_minutes, day, feed_id, language, ${SUM_COLUMNS})
         SELECT s.lens, s.model, o.offset_minutes, ${LOCAL_DAY}, a.feed_id, ${ARTICLE_LANGUAGE}, ${SUMS}
         FROM ${OFFSETS} JOIN articles a ON a.published_at >= ${dayStart}
         JOIN feeds f ON f.id = a.feed_id JOIN article_scores s ON s.article_id = a.id
         GROUP BY 1, 2, 3, 4, 5, 6`,
        [from, DAILY_OFFSETS_MINUTES],
      );
      const volumeHourly = await client.query(
        `INSERT INTO volume_hourly (bucket, feed_id, language, n_all)
         SELECT date_trunc('hour', a.published_at, 'UTC'), a.feed_id, ${ARTICLE_LANGUAGE}, count(*)::int
         FROM articles a JOIN feeds f ON f.id = a.feed_id
         WHERE a.published_at >= ${hourStart} GROUP BY 1, 2, 3`,
        [from],
      );
      const volumeDaily = await client.query(
        `INSERT INTO volume_daily (offset_minutes, day, feed_id, language, n_all)
         SELECT o.offset_minutes, ${LOCAL_DAY}, a.feed_id, ${ARTICLE_LANGUAGE}, count(*)::int
         FROM ${OFFSETS} JOIN articles a ON a.published_at >= ${dayStart} JOIN feeds f ON f.id = a.feed_id
         GROUP BY 1, 2, 3, 4`,
        [from, DAILY_OFFSETS_MINUTES],
      );
      return {
        hourly: hourly.rowCount ?? 0,
        daily: daily.rowCount ?? 0,
        volumeHourly: volumeHourly.rowCount ?? 0,
        volumeDaily: volumeDaily.rowCount ?? 0,
      };
    });
  }
}
