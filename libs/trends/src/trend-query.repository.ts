import { bindNamed, type Database } from '../../db/src/index.js';
import { ARTICLE_LANGUAGE, namedBinder, sourceConditions, type SourceFilters } from './source-filter.js';
import type { Sums } from './trend-stats.js';

export const TREND_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];
export const GROUP_BY = ['none', 'feed', 'outlet', 'country', 'language', 'kind'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export type TrendFilters = SourceFilters;

/** Where a trend is computed from; chosen by the caller from the interval and the time zone. */
export type TrendSource = { kind: 'daily'; offsetMinutes: number } | { kind: 'hourly' } | { kind: 'raw' };

export interface TrendRequest {
  lens: string;
  model: string;
  /** Buckets that start in [from, to), plus `baseline` buckets before `from` for the anomaly flags. */
  from: Date;
  to: Date;
  interval: TrendInterval;
  tz: string;
  groupBy: GroupBy;
  filters: TrendFilters;
  /** How many buckets before each point form its anomaly baseline. */
  baseline: number;
  source: TrendSource;
}

export interface BucketRow {
  /** The bucket's local start (midnight, hour, week or month start in `tz`) as seconds since 1970-01-01T00:00 local. */
  local: number;
  /** The same start as an instant, in milliseconds since the epoch. */
  instantMs: number;
  /** True for the baseline buckets before `from`. */
  baselineOnly: boolean;
}

/** The score sums and the volume of one (bucket, group); sums are 0 where no article was scored. */
export interface TrendRow extends Sums {
  /** The bucket's local start, as in BucketRow.local. */
  local: number;
  /** The group's key ('' without groupBy). */
  key: string;
  /** The group's label; null where only the volume has rows. */
  label: string | null;
  nAll: number;
}

/** One language's articles of one (bucket, group): what a correction needs of a bucket. */
export interface ClassRow {
  local: number;
  key: string;
  language: string;
  n: number;
  /** Articles the model gave each class (supportive, neutral, critical). */
  labelled: [number, number, number];
  /** The sums of the model's probability of each class. */
  probabilities: [number, number, number];
}

// Whitelisted SQL fragments: the group key never comes from the request's text. The language is the
// article's, read where the source keeps it.
const groupKey = (groupBy: GroupBy, language: string): { key: string; label: string } =>
  ({
    none: { key: "''::text", label: 'NULL::text' },
    feed: { key: 'f.id::text', label: 'coalesce(f.title, f.outlet)' },
    outlet: { key: 'f.outlet', label: 'f.outlet' },
    country: { key: 'f.country', label: 'f.country' },
    language: { key: language, label: language },
    kind: { key: 'f.kind', label: 'f.kind' },
  })[groupBy];

const SERIES = `series AS (
    SELECT local_start, local_start >= date_trunc(:interval, :from::timestamptz AT TIME ZONE :tz) AS in_range
    FROM generate_series(
      date_trunc(:interval, :from::timestamptz AT TIME ZONE :tz) - :baseline::int * ('1 ' || :interval)::interval,
      :to::timestamptz AT TIME ZONE :tz,
      ('1 ' || :interval)::interval) AS local_start
    WHERE local_start < :to::timestamptz AT TIME ZONE :tz),
  bounds AS (SELECT min(local_start) AS lo, max(local_start) + ('1 ' || :interval)::interval AS hi FROM series)`;

const SCORE_SUMS = `sum(t.n)::int AS n, sum(t.sum_stance) AS "sumStance", sum(t.sum_stance2) AS "sumStance2",
  sum(t.n_supportive)::int AS "nSupportive", sum(t.n_neutral)::int AS "nNeutral", sum(t.n_critical)::int AS "nCritical",
  sum(t.sum_sentiment) AS "sumSentiment", sum(t.sum_framing) AS "sumFraming"`;

const RAW_SUMS = `count(*)::int AS n, sum(s.stance_score::float8) AS "sumStance", sum(s.stance_score::float8 ^ 2) AS "sumStance2",
  count(*) FILTER (WHERE s.stance_label = 'supportive')::int AS "nSupportive",
  count(*) FILTER (WHERE s.stance_label = 'neutral')::int AS "nNeutral",
  count(*) FILTER (WHERE s.stance_label = 'critical')::int AS "nCritical",
  sum(s.sentiment_score::float8) AS "sumSentiment", sum(s.framing_score::float8) AS "sumFraming"`;

const ROLLUP_CLASS_SUMS = `sum(t.n)::int AS n,
  ARRAY[sum(t.n_supportive), sum(t.n_neutral), sum(t.n_critical)]::float8[] AS labelled,
  ARRAY[sum(t.sum_p_supportive), sum(t.sum_p_neutral), sum(t.sum_p_critical)]::float8[] AS probabilities`;

const RAW_CLASS_SUMS = `count(*)::int AS n,
  ARRAY[count(*) FILTER (WHERE s.stance_label = 'supportive'), count(*) FILTER (WHERE s.stance_label = 'neutral'),
    count(*) FILTER (WHERE s.stance_label = 'critical')]::float8[] AS labelled,
  ARRAY[sum(s.p_supportive::float8), sum(s.p_neutral::float8), sum(s.p_critical::float8)] AS probabilities`;

/** The score rows of each source, as (local time, feed) with sums; the query truncates the local time. */
const SCORE_SOURCE: Record<
  TrendSource['kind'],
  { from: string; local: string; sums: string; classSums: string; language: string }
> = {
  daily: {
    from: `trend_daily t JOIN feeds f ON f.id = t.feed_id, bounds
      WHERE t.lens = :lens AND t.model = :model AND t.offset_minutes = :offsetMinutes AND t.day >= bounds.lo::date AND t.day < bounds.hi::date`,
    local: 't.day::timestamp',
    sums: SCORE_SUMS,
    classSums: ROLLUP_CLASS_SUMS,
    language: 't.language',
  },
  hourly: {
    from: `trend_hourly t JOIN feeds f ON f.id = t.feed_id, bounds
      WHERE t.lens = :lens AND t.model = :model AND t.bucket >= bounds.lo AT TIME ZONE :tz AND t.bucket < bounds.hi AT TIME ZONE :tz`,
    local: 't.bucket AT TIME ZONE :tz',
    sums: SCORE_SUMS,
    classSums: ROLLUP_CLASS_SUMS,
    language: 't.language',
  },
  raw: {
    from: `article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id, bounds
      WHERE s.lens = :lens AND s.model = :model AND a.published_at >= bounds.lo AT TIME ZONE :tz AND a.published_at < bounds.hi AT TIME ZONE :tz`,
    local: 'a.published_at AT TIME ZONE :tz',
    sums: RAW_SUMS,
    classSums: RAW_CLASS_SUMS,
    language: ARTICLE_LANGUAGE,
  },
};

const VOLUME_SOURCE: Record<
  TrendSource['kind'],
  { from: string; local: string; count: string; language: string }
> = {
  daily: {
    from: `volume_daily v JOIN feeds f ON f.id = v.feed_id, bounds
      WHERE v.offset_minutes = :offsetMinutes AND v.day >= bounds.lo::date AND v.day < bounds.hi::date`,
    local: 'v.day::timestamp',
    count: 'sum(v.n_all)::int',
    language: 'v.language',
  },
  hourly: {
    from: `volume_hourly v JOIN feeds f ON f.id = v.feed_id, bounds
      WHERE v.bucket >= bounds.lo AT TIME ZONE :tz AND v.bucket < bounds.hi AT TIME ZONE :tz`,
    local: 'v.bucket AT TIME ZONE :tz',
    count: 'sum(v.n_all)::int',
    language: 'v.language',
  },
  raw: {
    from: `articles a JOIN feeds f ON f.id = a.feed_id, bounds
      WHERE a.published_at >= bounds.lo AT TIME ZONE :tz AND a.published_at < bounds.hi AT TIME ZONE :tz`,
    local: 'a.published_at AT TIME ZONE :tz',
    count: 'count(*)::int',
    language: ARTICLE_LANGUAGE,
  },
};

/**
 * The local bucket of a source row, truncated to the interval. A local day of trend_daily is its
 * own bucket, grouped as is: no per-row date_trunc.
 */
function localBucket(request: TrendRequest, local: string, day: string): string {
  if (request.source.kind === 'daily' && request.interval === 'day') return day;
  return `date_trunc(:interval, ${local})`;
}

// Local bucket starts travel as seconds (float8, a plain JS number), not as timestamps node-pg
// would parse into Dates row by row.
const EPOCH = (local: string) => `extract(epoch FROM (${local})::timestamp)::float8`;

/** The per-(bucket, group) score sums and volumes of a request, as CTEs `scores` and `volumes`. */
function sumsStatement(request: TrendRequest): { ctes: string; values: Record<string, unknown> } {
  const scores = SCORE_SOURCE[request.source.kind];
  const volumes = VOLUME_SOURCE[request.source.kind];
  const scoreGroup = groupKey(request.groupBy, scores.language);
  const values = queryValues(request);
  const bind = namedBinder(values, 'filter');
  const ctes = `${SERIES},
       scores AS (
         SELECT ${localBucket(request, scores.local, 't.day')} AS local, ${scoreGroup.key} AS key,
           min(${scoreGroup.label}) AS label, ${scores.sums}
         FROM ${scores.from} AND ${sourceConditions(request.filters, bind, scores.language)}
         GROUP BY 1, 2),
       volumes AS (
         SELECT ${localBucket(request, volumes.local, 'v.day')} AS local,
           ${groupKey(request.groupBy, volumes.language).key} AS key, ${volumes.count} AS n_all
         FROM ${volumes.from} AND ${sourceConditions(request.filters, bind, volumes.language)}
         GROUP BY 1, 2)`;
  return { ctes, values };
}

/** The statement of TrendQueryRepository.rows. */
function rowsStatement(request: TrendRequest): { sql: string; values: Record<string, unknown> } {
  const { ctes, values } = sumsStatement(request);
  const sql = `WITH ${ctes}
       SELECT ${EPOCH('local')} AS local, key, s.label, coalesce(s.n, 0) AS n,
         coalesce(s."sumStance", 0) AS "sumStance", coalesce(s."sumStance2", 0) AS "sumStance2",
         coalesce(s."nSupportive", 0) AS "nSupportive", coalesce(s."nNeutral", 0) AS "nNeutral",
         coalesce(s."nCritical", 0) AS "nCritical", coalesce(s."sumSentiment", 0) AS "sumSentiment",
         coalesce(s."sumFraming", 0) AS "sumFraming", coalesce(v.n_all, 0) AS "nAll"
       FROM scores s FULL JOIN volumes v USING (local, key)`;
  return { sql, values };
}

function queryValues(request: TrendRequest): Record<string, unknown> {
  return {
    lens: request.lens,
    model: request.model,
    tz: request.tz,
    interval: request.interval,
    offsetMinutes: request.source.kind === 'daily' ? request.source.offsetMinutes : 0,
    from: request.from,
    to: request.to,
    baseline: request.baseline,
  };
}

/** The score sums a group's ScoreColumns carry, as in TrendRow. */
export const SCORE_FIELDS = [
  'n',
  'sumStance',
  'sumStance2',
  'nSupportive',
  'nNeutral',
  'nCritical',
  'sumSentiment',
  'sumFraming',
] as const;
export type ScoreField = (typeof SCORE_FIELDS)[number];

/** One group's score sums as columns: entry i of every field belongs to the bucket `local[i]` (as in BucketRow.local). */
export type ScoreColumns = { key: string; label: string | null; local: Float64Array } & Record<
  ScoreField,
  Float64Array
>;

/** One group's volumes as columns: `nAll[i]` articles in the bucket `local[i]`. */
export interface VolumeColumns {
  key: string;
  local: Float64Array;
  nAll: Float64Array;
}

/** `string_agg` of each named expression as big-endian float8 bytes, in one and the same row order. */
const packed = (columns: Record<string, string>) =>
  Object.entries(columns)
    .map(([name, expression]) => `string_agg(float8send((${expression})::float8), ''::bytea) AS "${name}"`)
    .join(', ');

/** Big-endian float8s (float8send) as numbers. */
function float8s(bytes: Buffer): Float64Array {
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i += 1) values[i] = bytes.readDoubleBE(i * 8);
  return values;
}

/** Reads trend sums per bucket (and group) from the rollups, or from the raw rows where rollups cannot serve. */
export class TrendQueryRepository {
  constructor(private readonly db: Database) {}

  /**
   * The trend data's version: it moves when a transaction that changed anything trends are computed
   * from commits (see migration trend-data-version), so a trend computed after reading version v
   * holds at least everything of v.
   */
  async dataVersion(): Promise<string> {
    const [row] = await this.db.query<{ version: string }>(
      'SELECT version::text AS version FROM trend_data_version',
    );
    if (!row) throw new Error('trend_data_version has no row: run `stancewatch migrate`');
    return row.version;
  }

  /** The names of the zones in PostgreSQL's time-zone database (not its abbreviations). */
  async zoneNames(): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>('SELECT name FROM pg_timezone_names');
    return rows.map((row) => row.name);
  }

  /**
   * The offset PostgreSQL gives `tz` (seconds east of UTC) at 00:00 UTC of the 1st and the 15th of
   * every month from `firstMonth` to `lastMonth`, in order. It is computed as the trend query buckets,
   * `timestamptz AT TIME ZONE` with the name as text, so a name PostgreSQL reads as an abbreviation
   * first (CET is a fixed +1 there) is measured as it buckets.
   */
  async zoneOffsetSamples(
    tz: string,
    firstMonth: string,
    lastMonth: string,
  ): Promise<{ instantsMs: number[]; offsetsSeconds: number[] }> {
    const [row] = await this.query<{ instantsMs: number[] | null; offsetsSeconds: number[] | null }>(
      `SELECT array_agg(extract(epoch FROM s.at)::float8 * 1000 ORDER BY s.at) AS "instantsMs",
         array_agg(extract(epoch FROM (s.at AT TIME ZONE :tz) - (s.at AT TIME ZONE 'UTC'))::int ORDER BY s.at)
           AS "offsetsSeconds"
       FROM (SELECT (month + day) AT TIME ZONE 'UTC' AS at
         FROM generate_series(:firstMonth::timestamp, :lastMonth::timestamp, interval '1 month') AS month,
           unnest(ARRAY[interval '0 days', interval '14 days']) AS day) AS s`,
      { tz, firstMonth, lastMonth },
    );
    return { instantsMs: row?.instantsMs ?? [], offsetsSeconds: row?.offsetsSeconds ?? [] };
  }

  /** Every bucket of the series, the baseline buckets before `from` included, in order. */
  async buckets(request: TrendRequest): Promise<BucketRow[]> {
    const rows = await this.query<{ local: number; instantMs: number; inRange: boolean }>(
      `WITH ${SERIES}
       SELECT ${EPOCH('local_start')} AS local,
         extract(epoch FROM local_start AT TIME ZONE :tz)::float8 * 1000 AS "instantMs", in_range AS "inRange"
       FROM series ORDER BY local_start`,
      queryValues(request),
    );
    return rows.map((row) => ({ local: row.local, instantMs: row.instantMs, baselineOnly: !row.inRange }));
  }

  /** Score sums and volume per (bucket, group) in one statement; (bucket, group)s without any row are absent. */
  rows(request: TrendRequest): Promise<TrendRow[]> {
    const { sql, values } = rowsStatement(request);
    return this.query<TrendRow>(sql, values);
  }

  /**
   * The sums of `rows`, one row per group: each field a column over the group's buckets, `local`
   * saying which bucket each entry is; score sums and volumes in two statements that run side by
   * side instead of one full join. The numbers travel as big-endian float8 bytes (float8send,
   * aggregated into one bytea per field) rather than as one text row per bucket, so PostgreSQL
   * formats no floats and node-pg parses one row per group. The aggregates of a statement read the
   * same rows in the same order, so its fields line up entry by entry.
   */
  async seriesColumns(request: TrendRequest): Promise<{ scores: ScoreColumns[]; volumes: VolumeColumns[] }> {
    const { ctes, values } = sumsStatement(request);
    const sums = Object.fromEntries(SCORE_FIELDS.map((field) => [field, `s."${field}"`]));
    const [scoreRows, volumeRows] = await Promise.all([
      this.query<{ key: string; label: string | null } & Record<'local' | ScoreField, Buffer>>(
        `WITH ${ctes}
         SELECT s.key, max(s.label) AS label, ${packed({ local: EPOCH('s.local'), ...sums })}
         FROM scores s GROUP BY s.key`,
        values,
      ),
      this.query<{ key: string; local: Buffer; nAll: Buffer }>(
        `WITH ${ctes}
         SELECT v.key, ${packed({ local: EPOCH('v.local'), nAll: 'v.n_all' })}
         FROM volumes v GROUP BY v.key`,
        values,
      ),
    ]);
    const scores = scoreRows.map((row) => {
      const columns = { key: row.key, label: row.label, local: float8s(row.local) } as ScoreColumns;
      for (const field of SCORE_FIELDS) columns[field] = float8s(row[field]);
      return columns;
    });
    const volumes = volumeRows.map((row) => ({
      key: row.key,
      local: float8s(row.local),
      nAll: float8s(row.nAll),
    }));
    return { scores, volumes };
  }

  /** Per (bucket, group, article language): the class counts and probability sums a correction needs. */
  classRows(request: TrendRequest): Promise<ClassRow[]> {
    const scores = SCORE_SOURCE[request.source.kind];
    const group = groupKey(request.groupBy, scores.language);
    const values = queryValues(request);
    const bind = namedBinder(values, 'filter');
    return this.query<ClassRow>(
      `WITH ${SERIES}
       SELECT ${EPOCH(localBucket(request, scores.local, 't.day'))} AS local, ${group.key} AS key,
         ${scores.language} AS language, ${scores.classSums}
       FROM ${scores.from} AND ${sourceConditions(request.filters, bind, scores.language)}
       GROUP BY 1, 2, 3`,
      values,
    );
  }

  private query<Row extends object>(sql: string, values: Record<string, unknown>): Promise<Row[]> {
    const { text, params } = bindNamed(sql, values);
    return this.db.query<Row & Record<string, unknown>>(text, params);
  }
}
