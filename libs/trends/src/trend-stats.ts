/** The statistics of a trend point, from the sums the rollups keep. Pure functions. */
import { studentT975 } from './student-t.js';

const Z95 = 1.959964;

export interface Sums {
  n: number;
  sumStance: number;
  sumStance2: number;
  nSupportive: number;
  nNeutral: number;
  nCritical: number;
  sumSentiment: number;
  sumFraming: number;
}

export interface MeanWithInterval {
  mean: number | null;
  /** 95% confidence interval of the mean (Student's t with n − 1 degrees of freedom); null below two articles. */
  ci95: [number, number] | null;
}

export interface Share {
  share: number | null;
  /** 95% Wilson score interval. */
  ci95: [number, number] | null;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Mean of values in [-1, 1] from n, Σx and Σx², with the 95% interval mean ± t₀.₉₇₅(n − 1)·s/√n, clamped to [-1, 1]. */
export function meanWithInterval(n: number, sum: number, sum2: number): MeanWithInterval {
  if (n === 0) return { mean: null, ci95: null };
  const mean = sum / n;
  if (n < 2) return { mean, ci95: null };
  const variance = Math.max(0, (sum2 - (sum * sum) / n) / (n - 1));
  const half = studentT975(n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: [clamp(mean - half, -1, 1), clamp(mean + half, -1, 1)] };
}

/** A share k/n with its Wilson score interval, which stays inside [0, 1] and behaves for small n. */
export function wilson(k: number, n: number): Share {
  if (n === 0) return { share: null, ci95: null };
  const p = k / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { share: p, ci95: [clamp(centre - half, 0, 1), clamp(centre + half, 0, 1)] };
}

/** What an interval in a trend is, as the response states it beside the anomaly method. */
export interface IntervalMethod {
  method: 'student-t' | 'wilson';
  level: number;
  description: string;
}

/** The intervals a trend point carries, described once per response. */
export const TREND_INTERVAL_METHODS: { stance: IntervalMethod; shares: IntervalMethod } = {
  stance: {
    method: 'student-t',
    level: 0.95,
    description:
      "stance.ci95: the mean ± t₀.₉₇₅(n − 1)·s/√n, Student's t with n − 1 degrees of freedom and s the sample " +
      'standard deviation of the stance scores in the bucket, clamped to [-1, 1]; null below 2 articles.',
  },
  shares: {
    method: 'wilson',
    level: 0.95,
    description:
      'shares.*.ci95: the Wilson score interval of the share k/n at z = 1.96, inside [0, 1] at every n; ' +
      'null in a bucket with no articles.',
  },
};

export interface AnomalyCheck {
  /** Standard deviations from the baseline mean; null when there was no baseline to compare with. */
  z: number | null;
  flagged: boolean;
  baselineMean: number | null;
  baselineSd: number | null;
}

/** Fewer baseline points than this and no flag is raised: there is nothing to depart from. */
export const MIN_BASELINE_POINTS = 3;

/**
 * Compares `value` with the trailing baseline (the values of the previous points that have one):
 * flagged when it lies more than k sample standard deviations from their mean.
 */
export function anomaly(value: number | null, baseline: (number | null)[], k: number): AnomalyCheck {
  return trailingAnomaly([...baseline, value], baseline.length, baseline.length, k);
}

/**
 * `anomaly` for `values[index]` against the up to `size` values before it, read in place: a series
 * checks every point without copying a window per point.
 */
export function trailingAnomaly(
  values: readonly (number | null)[],
  index: number,
  size: number,
  k: number,
): AnomalyCheck {
  const value = values[index];
  const start = Math.max(0, index - size);
  let count = 0;
  let total = 0;
  for (let i = start; i < index; i += 1) {
    const v = values[i];
    if (v === null) continue;
    count += 1;
    total += v;
  }
  if (value === null || count < MIN_BASELINE_POINTS)
    return { z: null, flagged: false, baselineMean: null, baselineSd: null };
  const mean = total / count;
  let squares = 0;
  for (let i = start; i < index; i += 1) {
    const v = values[i];
    if (v !== null) squares += (v - mean) ** 2;
  }
  const sd = Math.sqrt(squares / (count - 1));
  if (sd === 0) return { z: null, flagged: value !== mean, baselineMean: mean, baselineSd: 0 };
  const z = (value - mean) / sd;
  return { z, flagged: Math.abs(z) > k, baselineMean: mean, baselineSd: sd };
}

/**
 * Rounds to 10 significant digits: a shorter response without changing any figure an analyst reads
 * (the intervals themselves are approximations far coarser than 1e-10).
 */
export function significant(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const exponent = 9 - Math.floor(Math.log10(Math.abs(value)));
  // A table lookup: `10 ** exponent` is the costliest step when a trend rounds ~100,000 figures.
  const scale = exponent >= 0 && exponent < POWERS_OF_TEN.length ? POWERS_OF_TEN[exponent] : 10 ** exponent;
  return Math.round(value * scale) / scale;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
