import { number as ms } from './figure-table.js';
import type { Spread } from './stats.js';

/** Every growth measurement runs at these multiples of its base size. */
export const GROWTH_FACTORS = [1, 4, 16] as const;

/** One measurement at one size: how much work, and what it cost (ms per run: the whole work, or one request). */
export interface GrowthStep {
  factor: number;
  /** Feeds, items, texts, articles or rules at this step. */
  size: number;
  costMs: Pick<Spread, 'median' | 'min' | 'max'>;
}

export interface Growth {
  id: string;
  /** What is measured, e.g. "decode + parse + normalise (one pass over all feeds)". */
  measurement: string;
  /** What grows, e.g. "feeds" or "scored articles in the archive". */
  grows: string;
  /**
   * `total`: the cost is all the work at that size (more data, more work; linear is the healthy shape).
   * `request`: the cost is one request or evaluation over data of that size (flat is the healthy shape).
   */
  kind: 'total' | 'request';
  steps: GrowthStep[];
}

export interface GrowthShape {
  /** Cost at the largest step ÷ cost at the smallest (medians). */
  costRatio: number;
  /** Size at the largest step ÷ size at the smallest. */
  sizeRatio: number;
  /** The exponent b in cost ∝ size^b between the smallest and largest steps. */
  exponent: number;
  verdict: 'flat' | 'sublinear' | 'linear' | 'worse than linear';
}

/** How the cost grew from the first step to the last, as a power of the size. */
export function growthShape(growth: Growth): GrowthShape {
  const first = growth.steps[0];
  const last = growth.steps.at(-1)!;
  const costRatio = last.costMs.median / first.costMs.median;
  const sizeRatio = last.size / first.size;
  const exponent = sizeRatio > 1 ? Math.log(costRatio) / Math.log(sizeRatio) : Number.NaN;
  return { costRatio, sizeRatio, exponent, verdict: verdictOf(exponent) };
}

/**
 * The exponent b of cost ∝ size^b fitted through every point by least squares on log cost against
 * log size (NaN with fewer than two sizes, or a cost that is not positive).
 */
export function fittedExponent(points: ReadonlyArray<{ size: number; cost: number }>): number {
  const logs = points
    .filter((p) => p.size > 0 && p.cost > 0)
    .map((p) => ({ x: Math.log(p.size), y: Math.log(p.cost) }));
  if (logs.length < 2 || logs.length < points.length) return Number.NaN;
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const mx = mean(logs.map((p) => p.x));
  const my = mean(logs.map((p) => p.y));
  const sxx = logs.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  const sxy = logs.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

// Wide bands on purpose: on a shared 2-core machine a run-to-run spread of ±30% is common.
function verdictOf(exponent: number): GrowthShape['verdict'] {
  if (exponent < 0.25) return 'flat';
  if (exponent < 0.75) return 'sublinear';
  if (exponent <= 1.25) return 'linear';
  return 'worse than linear';
}

const size = (value: number) => Math.round(value).toLocaleString('en-US');

/** The growth table: one row per measurement, the cost at 1×, 4× and 16×, and the shape. */
export function growthLines(growths: Growth[]): string[] {
  if (growths.length === 0) return [];
  const rows = growths.map((growth) => {
    const shape = growthShape(growth);
    const steps = GROWTH_FACTORS.map((factor) => {
      const step = growth.steps.find((s) => s.factor === factor);
      return step
        ? `${size(step.size)}: ${ms(step.costMs.median)} ms (${ms(step.costMs.min)}–${ms(step.costMs.max)})`
        : '—';
    });
    const healthy = growth.kind === 'request' ? 'flat' : 'linear';
    return (
      `| ${growth.measurement} | ${growth.grows} | ${steps.join(' | ')} | ${shape.costRatio.toFixed(1)}× for ${shape.sizeRatio.toFixed(1)}× | ` +
      `${shape.exponent.toFixed(2)}: **${shape.verdict}** (healthy: ${healthy}) |`
    );
  });
  return [
    '## Growth: 1×, 4× and 16× the data',
    '',
    'Each measurement again at 4× and 16× its base size (seeded data, same code). A cell is the size, then the cost in ms ' +
      '(median, min–max over runs): the whole work at that size for throughput measurements, one request for the trend ' +
      'and alert measurements. The exponent b fits cost ∝ size^b between 1× and 16×: about 0 is flat, about 1 linear ' +
      '(b < 0.25 flat, < 0.75 sublinear, ≤ 1.25 linear, else worse than linear).',
    '',
    '| Measurement | What grows | 1× | 4× | 16× | Cost growth | Exponent b |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ];
}
