/** A figure over repeated runs: the median and how far the runs spread around it. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  samples: number[];
}

/** Linear interpolation between the closest ranks of sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function summarize(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    samples,
  };
}

/** One reported figure with the baseline measured in the same runs; ratio = figure / baseline, run by run. */
export interface Figure {
  id: string;
  label: string;
  unit: string;
  value: Spread;
  baseline: { label: string; value: Spread };
  ratio: Spread;
}

export function figure(
  id: string,
  label: string,
  unit: string,
  samples: number[],
  baselineLabel: string,
  baseline: number[],
): Figure {
  return {
    id,
    label,
    unit,
    value: summarize(samples),
    baseline: { label: baselineLabel, value: summarize(baseline) },
    ratio: summarize(samples.map((sample, i) => sample / baseline[i])),
  };
}

/** Milliseconds taken by `work`. */
export async function timed(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Items per second for `count` items done in `ms` milliseconds. */
export const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
