import { DAILY_OFFSETS_MINUTES } from './trend-rollup.repository.js';
import type {
  BucketRow,
  TrendInterval,
  TrendQueryRepository,
  TrendRequest,
  TrendRow,
  TrendSource,
} from './trend-query.repository.js';
import {
  meanWithInterval,
  significant,
  trailingAnomaly,
  TREND_INTERVAL_METHODS,
  wilson,
  type MeanWithInterval,
  type Share,
  type Sums,
} from './trend-stats.js';
import { offsetsBetween } from './time-zone.js';
import {
  attachCorrections,
  CorrectedTrendTooLargeError,
  MAX_CORRECTED_POINTS,
  type CorrectedIndex,
  type CorrectedShare,
  type TrendCorrection,
} from './trend-correction.js';
import { ZoneAgreement } from './zone-agreement.js';
import {
  bucketSums,
  trendColumns,
  emptySums,
  type TrendColumns,
  type TrendColumnSeries,
} from './trend-columns.js';
import { pointAnomaly, rounded, roundedPair, roundedShare, type PointAnomaly } from './trend-figures.js';

/** What an analyst asks: the request the rollups answer, plus the anomaly threshold. */
export interface TrendParameters extends Omit<TrendRequest, 'source'> {
  /** Anomaly threshold in standard deviations. */
  k: number;
}

/** A share, and with correction= its corrected value. */
export type PointShare = Share & { corrected?: CorrectedShare };

export interface TrendPoint {
  bucket: string;
  n: number;
  stance: MeanWithInterval & { corrected?: CorrectedIndex };
  shares: { supportive: PointShare; neutral: PointShare; critical: PointShare };
  sentiment: { mean: number | null };
  framing: { mean: number | null };
  volume: { all: number; attention: number | null };
  anomaly: { stance: PointAnomaly; volume: PointAnomaly };
}

export type { PointAnomaly } from './trend-figures.js';

export interface TrendSeries {
  key: string;
  label: string | null;
  points: TrendPoint[];
}

/** What every form of a trend carries before its figures. */
export interface TrendHeader {
  query: TrendParameters & { source: string };
  anomaly: { k: number; baseline: number; method: string };
  intervals: typeof TREND_INTERVAL_METHODS;
}

export interface TrendResult extends TrendHeader {
  /** With correction=: how the shares were corrected, or why they were not (libs/scoring says). */
  correction?: Record<string, unknown>;
  points?: TrendPoint[];
  series?: TrendSeries[];
}

/**
 * A trend in the column form (`shape=columns`): `buckets` once, then per series one array per figure,
 * entry i for bucket i; `columns` without groupBy, `series` with it.
 */
export interface TrendColumnsResult extends TrendHeader {
  buckets: string[];
  columns?: TrendColumns;
  series?: TrendColumnSeries[];
}

/** At most this many buckets per series: a day of hours is 24, a year of days 366. */
export const MAX_BUCKETS = 5000;

/**
 * At most this many points (series × buckets) in one trend: a year of days by feed over a hundred
 * feeds is about 36,600. Hours by feed over a long range would otherwise build hundreds of MB of JSON.
 */
export const MAX_POINTS = 50_000;

/** A grouped trend with more points than MAX_POINTS; the message says how to narrow it. */
export class TrendTooLargeError extends Error {
  constructor(series: number, buckets: number, groupBy: string) {
    super(
      `query: ${series} series (groupBy=${groupBy}) × ${buckets} buckets is ${series * buckets} points; at most ` +
        `${MAX_POINTS}: narrow from/to, choose a longer interval, filter by feed, outlet, country, language ` +
        `or kind, or group by a coarser key`,
    );
    this.name = 'TrendTooLargeError';
  }
}

/**
 * Picks what can serve the request exactly: daily rollups for whole days in UTC, Moscow or
 * Beijing (fixed offsets), hourly rollups for any whole-hour zone (daylight saving included),
 * the raw scores otherwise (half-hour zones such as Asia/Kolkata).
 */
export function chooseSource(interval: TrendInterval, tz: string, from: Date, to: Date): TrendSource {
  const offsets = offsetsBetween(tz, from, to);
  const [offset] = offsets;
  if (
    interval !== 'hour' &&
    offsets.size === 1 &&
    (DAILY_OFFSETS_MINUTES as readonly number[]).includes(offset)
  ) {
    return { kind: 'daily', offsetMinutes: offset };
  }
  if ([...offsets].every((minutes) => minutes % 60 === 0)) return { kind: 'hourly' };
  return { kind: 'raw' };
}

function describeSource(source: TrendSource): string {
  if (source.kind === 'daily')
    return `daily rollups at UTC${source.offsetMinutes ? `+${source.offsetMinutes / 60}` : ''}`;
  if (source.kind === 'hourly') return 'hourly rollups';
  return 'raw scores (the zone is not a whole number of hours from UTC)';
}

/** Trend points with intervals, attention and anomaly flags, from the rollups. */
export class TrendService {
  private readonly zones: ZoneAgreement;

  constructor(private readonly repository: TrendQueryRepository) {
    this.zones = new ZoneAgreement(repository);
  }

  /**
   * Why a trend over [from, to) cannot be bucketed in `tz`, or null when it can: the runtime's ICU
   * data and PostgreSQL's must give the zone the same offsets over the period (ZoneAgreement).
   */
  whyNotTimeZone(tz: string, from: Date, to: Date): Promise<string | null> {
    return this.zones.whyNot(tz, from, to);
  }

  /** Moves whenever any trend could change; read it before computing one to file the result under. */
  dataVersion(): Promise<string> {
    return this.repository.dataVersion();
  }

  /** The trend; with `correction`, each point's shares and stance index corrected as well. */
  async trend(parameters: TrendParameters, correction?: TrendCorrection): Promise<TrendResult> {
    const request = trendRequest(parameters);
    const [buckets, rows, classRows] = await Promise.all([
      this.repository.buckets(request),
      this.repository.rows(request),
      correction ? this.repository.classRows(request) : Promise.resolve([]),
    ]);
    const result: TrendResult = resultHeader(parameters, request.source);
    const columns = groupRows(buckets, rows);
    if (columns.size * buckets.length > MAX_POINTS)
      throw new TrendTooLargeError(columns.size, buckets.length, parameters.groupBy);
    // Every series shares the buckets: format each start once, not once per series.
    const starts = buckets.map((bucket) => new Date(bucket.instantMs).toISOString());
    if (correction) {
      const points = Math.max(1, columns.size) * buckets.filter((bucket) => !bucket.baselineOnly).length;
      if (points > MAX_CORRECTED_POINTS) throw new CorrectedTrendTooLargeError(points);
    }
    if (parameters.groupBy === 'none') {
      const column = columns.get('') ?? emptyColumn(buckets.length, null);
      result.points = seriesPoints(buckets, starts, column, parameters);
    } else {
      result.series = [...columns.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([key, column]) => ({
          key,
          label: column.label,
          points: seriesPoints(buckets, starts, column, parameters),
        }));
    }
    if (correction) attachCorrections(result, buckets, starts, classRows, correction);
    return result;
  }

  /**
   * The trend in the column form: the same figures as `trend` without a correction, one array per
   * figure and series, read from one row per series.
   */
  async trendColumns(parameters: TrendParameters): Promise<TrendColumnsResult> {
    const request = trendRequest(parameters);
    const [buckets, series] = await Promise.all([
      this.repository.buckets(request),
      this.repository.seriesColumns(request),
    ]);
    const groups = bucketSums(buckets, series);
    if (groups.length * buckets.length > MAX_POINTS)
      throw new TrendTooLargeError(groups.length, buckets.length, parameters.groupBy);
    const result: TrendColumnsResult = {
      ...resultHeader(parameters, request.source),
      buckets: buckets
        .filter((bucket) => !bucket.baselineOnly)
        .map((bucket) => new Date(bucket.instantMs).toISOString()),
    };
    if (parameters.groupBy === 'none') {
      const group = groups.find((sums) => sums.key === '') ?? emptySums('', null, buckets.length);
      result.columns = trendColumns(buckets, group, parameters);
    } else {
      result.series = groups
        .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }))
        .map((group) => ({
          key: group.key,
          label: group.label,
          columns: trendColumns(buckets, group, parameters),
        }));
    }
    return result;
  }
}

/** The request the repository answers: the source that can serve it exactly, and the zone it buckets in. */
function trendRequest(parameters: TrendParameters): TrendRequest {
  const source = chooseSource(parameters.interval, parameters.tz, parameters.from, parameters.to);
  // Hours in a whole-hour zone are UTC hours: bucketing them in UTC keeps the repeated and the
  // skipped hour of a daylight-saving change as the real hours they are.
  const tz = parameters.interval === 'hour' && source.kind === 'hourly' ? 'UTC' : parameters.tz;
  return { ...parameters, tz, source };
}

/** What every form of a trend says before its figures: the query as understood, the anomaly test, the intervals. */
function resultHeader(parameters: TrendParameters, source: TrendSource): TrendHeader {
  return {
    query: { ...parameters, source: describeSource(source) },
    anomaly: {
      k: parameters.k,
      baseline: parameters.baseline,
      method:
        `A point is flagged when its mean stance (or its number of scored articles, for volume) lies more than ` +
        `k = ${parameters.k} sample standard deviations from the mean of the previous ${parameters.baseline} ` +
        `${parameters.interval} buckets that have a value; at least 3 such buckets are needed, else no flag. ` +
        `Flagged points carry that baseline's mean and standard deviation (baselineMean, baselineSd).`,
    },
    intervals: TREND_INTERVAL_METHODS,
  };
}

/** One group's rows laid out by bucket index. */
interface Column {
  label: string | null;
  sums: (Sums | undefined)[];
  nAll: number[];
}

const emptyColumn = (size: number, label: string | null): Column => ({
  label,
  sums: new Array<Sums | undefined>(size),
  nAll: new Array<number>(size).fill(0),
});

/** Sorts the rows into one column per group key, in a single pass. */
function groupRows(buckets: BucketRow[], rows: TrendRow[]): Map<string, Column> {
  const indexOf = new Map(buckets.map((bucket, index) => [bucket.local, index]));
  const columns = new Map<string, Column>();
  for (const row of rows) {
    const index = indexOf.get(row.local);
    if (index === undefined) continue;
    let column = columns.get(row.key);
    if (!column) columns.set(row.key, (column = emptyColumn(buckets.length, null)));
    if (row.label !== null) column.label = row.label;
    column.sums[index] = row;
    column.nAll[index] = row.nAll;
  }
  return columns;
}

function seriesPoints(
  buckets: BucketRow[],
  starts: string[],
  column: Column,
  parameters: TrendParameters,
): TrendPoint[] {
  const stanceMeans: (number | null)[] = [];
  const counts: number[] = [];
  for (let index = 0; index < buckets.length; index += 1) {
    const sums = column.sums[index];
    stanceMeans.push(sums && sums.n > 0 ? sums.sumStance / sums.n : null);
    counts.push(sums?.n ?? 0);
  }
  const points: TrendPoint[] = [];
  for (let index = 0; index < buckets.length; index += 1) {
    const bucket = buckets[index];
    if (bucket.baselineOnly) continue;
    points.push(
      point(starts[index], column.sums[index], column.nAll[index], {
        stance: pointAnomaly(trailingAnomaly(stanceMeans, index, parameters.baseline, parameters.k)),
        volume: pointAnomaly(trailingAnomaly(counts, index, parameters.baseline, parameters.k)),
      }),
    );
  }
  return points;
}

function point(
  bucket: string,
  sums: Sums | undefined,
  nAll: number,
  anomaly: TrendPoint['anomaly'],
): TrendPoint {
  const n = sums?.n ?? 0;
  const stance = meanWithInterval(n, sums?.sumStance ?? 0, sums?.sumStance2 ?? 0);
  return {
    bucket,
    n,
    stance: { mean: rounded(stance.mean), ci95: roundedPair(stance.ci95) },
    shares: {
      supportive: roundedShare(wilson(sums?.nSupportive ?? 0, n)),
      neutral: roundedShare(wilson(sums?.nNeutral ?? 0, n)),
      critical: roundedShare(wilson(sums?.nCritical ?? 0, n)),
    },
    sentiment: { mean: n ? significant(sums!.sumSentiment / n) : null },
    framing: { mean: n ? significant(sums!.sumFraming / n) : null },
    volume: { all: nAll, attention: nAll ? significant(n / nAll) : null },
    anomaly,
  };
}
