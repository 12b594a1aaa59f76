/**
 * The column form of a trend (`shape=columns`): per series one array per figure over the buckets,
 * the figures the point form carries, rounded the same way, without an object per point.
 */
import {
  SCORE_FIELDS,
  type BucketRow,
  type ScoreColumns,
  type VolumeColumns,
} from './trend-query.repository.js';
import { pointAnomaly, rounded } from './trend-figures.js';
import { meanWithInterval, significant, trailingAnomaly, wilson } from './trend-stats.js';

/** A share over the buckets: `share[i]`, with the 95% interval [low[i], high[i]] (both null where it is). */
export interface ShareColumns {
  share: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

/**
 * An anomaly test over the buckets: `z[i]` for every bucket; the flagged buckets by index, and for
 * each of them (in the same order) the mean and SD of the baseline it departed from.
 */
export interface AnomalyColumns {
  z: (number | null)[];
  flagged: number[];
  baselineMean: (number | null)[];
  baselineSd: (number | null)[];
}

/** Entry i of every array is the bucket `buckets[i]` of the response; points[i] of the point form. */
export interface TrendColumns {
  n: number[];
  stance: { mean: (number | null)[]; low: (number | null)[]; high: (number | null)[] };
  shares: { supportive: ShareColumns; neutral: ShareColumns; critical: ShareColumns };
  sentiment: { mean: (number | null)[] };
  framing: { mean: (number | null)[] };
  volume: { all: number[]; attention: (number | null)[] };
  anomaly: { stance: AnomalyColumns; volume: AnomalyColumns };
}

export interface TrendColumnSeries {
  key: string;
  label: string | null;
  columns: TrendColumns;
}

/** One group's sums laid out by bucket index; zeros where the group has no row. */
export interface BucketSums {
  key: string;
  label: string | null;
  n: Float64Array;
  sumStance: Float64Array;
  sumStance2: Float64Array;
  nSupportive: Float64Array;
  nNeutral: Float64Array;
  nCritical: Float64Array;
  sumSentiment: Float64Array;
  sumFraming: Float64Array;
  nAll: Float64Array;
}

/** A group with nothing in any bucket: zeros. */
export function emptySums(key: string, label: string | null, size: number): BucketSums {
  const sums = { key, label, nAll: new Float64Array(size) } as BucketSums;
  for (const field of SCORE_FIELDS) sums[field] = new Float64Array(size);
  return sums;
}

/**
 * Lays each group's columns out by bucket, one BucketSums per group with a score or a volume in a
 * bucket of the series (entries for other buckets are dropped, as the point form drops them).
 */
export function bucketSums(
  buckets: BucketRow[],
  columns: { scores: ScoreColumns[]; volumes: VolumeColumns[] },
): BucketSums[] {
  const indexOf = new Map(buckets.map((bucket, index) => [bucket.local, index]));
  const groups = new Map<string, BucketSums>();
  const group = (key: string) => {
    let sums = groups.get(key);
    if (!sums) groups.set(key, (sums = emptySums(key, null, buckets.length)));
    return sums;
  };
  for (const scores of columns.scores) {
    for (let entry = 0; entry < scores.local.length; entry += 1) {
      const index = indexOf.get(scores.local[entry]);
      if (index === undefined) continue;
      const sums = group(scores.key);
      sums.label = scores.label;
      for (const field of SCORE_FIELDS) sums[field][index] = scores[field][entry];
    }
  }
  for (const volumes of columns.volumes) {
    for (let entry = 0; entry < volumes.local.length; entry += 1) {
      const index = indexOf.get(volumes.local[entry]);
      if (index !== undefined) group(volumes.key).nAll[index] = volumes.nAll[entry];
    }
  }
  return [...groups.values()];
}

const shareColumns = (): ShareColumns => ({ share: [], low: [], high: [] });
const anomalyColumns = (): AnomalyColumns => ({ z: [], flagged: [], baselineMean: [], baselineSd: [] });

/** The figures of one group over the buckets that are not baseline-only, as the point form computes them. */
export function trendColumns(
  buckets: BucketRow[],
  sums: BucketSums,
  anomaly: { baseline: number; k: number },
): TrendColumns {
  const stanceMeans: (number | null)[] = [];
  const counts: number[] = [];
  for (let index = 0; index < buckets.length; index += 1) {
    const n = sums.n[index];
    stanceMeans.push(n > 0 ? sums.sumStance[index] / n : null);
    counts.push(n);
  }
  const columns: TrendColumns = {
    n: [],
    stance: { mean: [], low: [], high: [] },
    shares: { supportive: shareColumns(), neutral: shareColumns(), critical: shareColumns() },
    sentiment: { mean: [] },
    framing: { mean: [] },
    volume: { all: [], attention: [] },
    anomaly: { stance: anomalyColumns(), volume: anomalyColumns() },
  };
  const share = (target: ShareColumns, k: number, n: number) => {
    const { share: value, ci95 } = wilson(k, n);
    target.share.push(rounded(value));
    target.low.push(ci95 && significant(ci95[0]));
    target.high.push(ci95 && significant(ci95[1]));
  };
  const flag = (target: AnomalyColumns, values: (number | null)[], index: number, position: number) => {
    const check = pointAnomaly(trailingAnomaly(values, index, anomaly.baseline, anomaly.k));
    target.z.push(check.z);
    if (!check.flagged) return;
    target.flagged.push(position);
    target.baselineMean.push(check.baselineMean ?? null);
    target.baselineSd.push(check.baselineSd ?? null);
  };
  let position = 0;
  for (let index = 0; index < buckets.length; index += 1) {
    if (buckets[index].baselineOnly) continue;
    const n = sums.n[index];
    const nAll = sums.nAll[index];
    const stance = meanWithInterval(n, sums.sumStance[index], sums.sumStance2[index]);
    columns.n.push(n);
    columns.stance.mean.push(rounded(stance.mean));
    columns.stance.low.push(stance.ci95 && significant(stance.ci95[0]));
    columns.stance.high.push(stance.ci95 && significant(stance.ci95[1]));
    share(columns.shares.supportive, sums.nSupportive[index], n);
    share(columns.shares.neutral, sums.nNeutral[index], n);
    share(columns.shares.critical, sums.nCritical[index], n);
    columns.sentiment.mean.push(n ? significant(sums.sumSentiment[index] / n) : null);
    columns.framing.mean.push(n ? significant(sums.sumFraming[index] / n) : null);
    columns.volume.all.push(nAll);
    columns.volume.attention.push(nAll ? significant(n / nAll) : null);
    flag(columns.anomaly.stance, stanceMeans, index, position);
    flag(columns.anomaly.volume, counts, index, position);
    position += 1;
  }
  return columns;
}
