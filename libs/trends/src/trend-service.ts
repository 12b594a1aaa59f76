import { DAILY_OFFSETS_MINUTES } from './trend-rollup.repository.js';
import type {
  AggregateRow,
  BucketRow,
  TrendInterval,
  TrendQueryRepository,
  TrendRequest,
  TrendSource,
  VolumeRow,
} from './trend-query.repository.js';
import {
  anomaly,
  meanWithInterval,
  wilson,
  type AnomalyCheck,
  type MeanWithInterval,
  type Share,
} from './trend-stats.js';
import { offsetsBetween } from './time-zone.js';

/** What an analyst asks: the request the rollups answer, plus the anomaly threshold. */
export interface TrendParameters extends Omit<TrendRequest, 'source'> {
  /** Anomaly threshold in standard deviations. */
  k: number;
}

export interface TrendPoint {
  bucket: string;
  n: number;
  stance: MeanWithInterval;
  shares: { supportive: Share; neutral: Share; critical: Share };
  sentiment: { mean: number | null };
  framing: { mean: number | null };
  volume: { all: number; attention: number | null };
  anomaly: { stance: AnomalyCheck; volume: AnomalyCheck };
}

export interface TrendSeries {
  key: string;
  label: string | null;
  points: TrendPoint[];
}

export interface TrendResult {
  query: TrendParameters & { source: string };
  anomaly: { k: number; baseline: number; method: string };
  points?: TrendPoint[];
  series?: TrendSeries[];
}

/** At most this many buckets per series: a day of hours is 24, a year of days 366. */
export const MAX_BUCKETS = 5000;

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
  constructor(private readonly repository: TrendQueryRepository) {}

  async trend(parameters: TrendParameters): Promise<TrendResult> {
    const source = chooseSource(parameters.interval, parameters.tz, parameters.from, parameters.to);
    // Hours in a whole-hour zone are UTC hours: bucketing them in UTC keeps the repeated and the
    // skipped hour of a daylight-saving change as the real hours they are.
    const tz = parameters.interval === 'hour' && source.kind === 'hourly' ? 'UTC' : parameters.tz;
    const request: TrendRequest = { ...parameters, tz, source };
    const [buckets, scores, volumes] = await Promise.all([
      this.repository.buckets(request),
      this.repository.scores(request),
      this.repository.volumes(request),
    ]);
    const result: TrendResult = {
      query: { ...parameters, source: describeSource(source) },
      anomaly: {
        k: parameters.k,
        baseline: parameters.baseline,
        method:
          `A point is flagged when its mean stance (or its number of scored articles, for volume) lies more than ` +
          `k = ${parameters.k} sample standard deviations from the mean of the previous ${parameters.baseline} ` +
          `${parameters.interval} buckets that have a value; at least 3 such buckets are needed, else no flag.`,
      },
    };
    if (parameters.groupBy === 'none') {
      result.points = seriesPoints(buckets, scores, volumes, parameters);
      return result;
    }
    const keys = new Map<string, string | null>();
    for (const row of [...scores, ...volumes]) {
      if (row.key !== null && !keys.has(row.key)) keys.set(row.key, 'label' in row ? row.label : null);
    }
    for (const row of scores) if (row.key !== null && row.label) keys.set(row.key, row.label);
    result.series = [...keys.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([key, label]) => ({
        key,
        label,
        points: seriesPoints(
          buckets,
          scores.filter((row) => row.key === key),
          volumes.filter((row) => row.key === key),
          parameters,
        ),
      }));
    return result;
  }
}

function seriesPoints(
  buckets: BucketRow[],
  scores: AggregateRow[],
  volumes: VolumeRow[],
  parameters: TrendParameters,
): TrendPoint[] {
  const scoreAt = new Map(scores.map((row) => [row.bucket.getTime(), row]));
  const volumeAt = new Map(volumes.map((row) => [row.bucket.getTime(), row.nAll]));
  const all = buckets.map(({ bucket, baselineOnly }) => ({
    bucket,
    baselineOnly,
    sums: scoreAt.get(bucket.getTime()),
    nAll: volumeAt.get(bucket.getTime()) ?? 0,
  }));
  const stanceMeans = all.map(({ sums }) => (sums && sums.n > 0 ? sums.sumStance / sums.n : null));
  const volumesN = all.map(({ sums }) => sums?.n ?? 0);
  const points: TrendPoint[] = [];
  all.forEach(({ bucket, baselineOnly, sums, nAll }, index) => {
    if (baselineOnly) return;
    const window = Math.max(0, index - parameters.baseline);
    const n = sums?.n ?? 0;
    points.push({
      bucket: bucket.toISOString(),
      n,
      stance: meanWithInterval(n, sums?.sumStance ?? 0, sums?.sumStance2 ?? 0),
      shares: {
        supportive: wilson(sums?.nSupportive ?? 0, n),
        neutral: wilson(sums?.nNeutral ?? 0, n),
        critical: wilson(sums?.nCritical ?? 0, n),
      },
      sentiment: { mean: n ? sums!.sumSentiment / n : null },
      framing: { mean: n ? sums!.sumFraming / n : null },
      volume: { all: nAll, attention: nAll ? n / nAll : null },
      anomaly: {
        stance: anomaly(stanceMeans[index], stanceMeans.slice(window, index), parameters.k),
        volume: anomaly(volumesN[index], volumesN.slice(window, index), parameters.k),
      },
    });
  });
  return points;
}
