/** The statistics of a trend point, from the sums the rollups keep. Pure functions. */

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
  /** 95% confidence interval of the mean (normal approximation); null below two articles. */
  ci95: [number, number] | null;
}

export interface Share {
  share: number | null;
  /** 95% Wilson score interval. */
  ci95: [number, number] | null;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Mean of values in [-1, 1] from n, Σx and Σx², with the 95% interval mean ± 1.96·s/√n. */
export function meanWithInterval(n: number, sum: number, sum2: number): MeanWithInterval {
  if (n === 0) return { mean: null, ci95: null };
  const mean = sum / n;
  if (n < 2) return { mean, ci95: null };
  const variance = Math.max(0, (sum2 - (sum * sum) / n) / (n - 1));
  const half = Z95 * Math.sqrt(variance / n);
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
  const known = baseline.filter((v): v is number => v !== null);
  if (value === null || known.length < MIN_BASELINE_POINTS)
    return { z: null, flagged: false, baselineMean: null, baselineSd: null };
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  const sd = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / (known.length - 1));
  if (sd === 0) return { z: null, flagged: value !== mean, baselineMean: mean, baselineSd: 0 };
  const z = (value - mean) / sd;
  return { z, flagged: Math.abs(z) > k, baselineMean: mean, baselineSd: sd };
}
