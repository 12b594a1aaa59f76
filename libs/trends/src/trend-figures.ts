/** The figures of a trend as responses carry them, rounded the one way both the point and the column forms use. */
import { significant, type AnomalyCheck, type Share } from './trend-stats.js';

/** An anomaly check as a point carries it: the baseline's mean and SD only on flagged points. */
export type PointAnomaly = Pick<AnomalyCheck, 'z' | 'flagged'> &
  Partial<Pick<AnomalyCheck, 'baselineMean' | 'baselineSd'>>;

export const rounded = (value: number | null) => (value === null ? null : significant(value));

export const roundedPair = (pair: [number, number] | null): [number, number] | null =>
  pair && [significant(pair[0]), significant(pair[1])];

export const roundedShare = (share: Share): Share => ({
  share: rounded(share.share),
  ci95: roundedPair(share.ci95),
});

export function pointAnomaly(check: AnomalyCheck): PointAnomaly {
  const z = rounded(check.z);
  if (!check.flagged) return { z, flagged: false };
  return {
    z,
    flagged: true,
    baselineMean: rounded(check.baselineMean),
    baselineSd: rounded(check.baselineSd),
  };
}
