/** Corrected shares and stance index on the points of a trend (correction=acc|pacc). */
import type { BucketRow, ClassRow } from './trend-query.repository.js';
import type { TrendResult } from './trend-service.js';
import { significant } from './trend-stats.js';
import { SeededRandom } from './seeded-random.js';
import {
  confusionDraws,
  correctBucket,
  type ConfusionCounts,
  type CorrectionPart,
} from './share-correction.js';

/** How a trend is to be corrected: decided from the gold labels (libs/scoring), applied here. */
export interface TrendCorrection {
  method: 'acc' | 'pacc';
  /** The confusion counts a language's articles are corrected with: its own, or the pooled ones. */
  confusionOf(language: string): ConfusionCounts;
}

export interface CorrectedShare {
  share: number;
  ci95: [number, number];
}

export interface CorrectedIndex {
  /** Corrected supportive share minus corrected critical share. */
  mean: number;
  ci95: [number, number];
  /** The same difference before correction (label counts for acc, probability sums for pacc). */
  uncorrected: number;
}

/** At most this many points are corrected in one trend: each costs 200 posterior draws per language. */
export const MAX_CORRECTED_POINTS = 5000;

/** A corrected trend with more points than MAX_CORRECTED_POINTS; the message says how to narrow it. */
export class CorrectedTrendTooLargeError extends Error {
  constructor(points: number) {
    super(
      `query: a corrected trend of ${points} points; at most ${MAX_CORRECTED_POINTS}: narrow from/to, choose a ` +
        'longer interval, group by a coarser key, or ask without correction',
    );
    this.name = 'CorrectedTrendTooLargeError';
  }
}

const LABELS = ['supportive', 'neutral', 'critical'] as const;
// Each point draws from its own seeded stream, so the same data give the same intervals every time.
const CORRECTION_SEED = 0xacc;

const rounded = (value: number) => significant(value);
const roundedPair = ([low, high]: [number, number]): [number, number] => [rounded(low), rounded(high)];

/**
 * Adds `corrected` to each point's shares and stance: the point's rows per article language, each
 * corrected with the confusion `correction` gives for its language, weighted by its articles.
 */
export function attachCorrections(
  result: TrendResult,
  buckets: BucketRow[],
  starts: string[],
  rows: ClassRow[],
  correction: TrendCorrection,
): void {
  const startOf = new Map(buckets.map((bucket, index) => [bucket.local, starts[index]]));
  // M's posterior is the labelled set's, the same in every bucket: drawn once per confusion and
  // shared (its error is common to all buckets of the trend, as it truly is), not once per bucket.
  const drawsOf = new Map<ConfusionCounts, ReturnType<typeof confusionDraws>>();
  const sharedDraws = (confusion: ConfusionCounts) => {
    let draws = drawsOf.get(confusion);
    if (!draws) {
      draws = confusionDraws(confusion, new SeededRandom(CORRECTION_SEED - 1 - drawsOf.size));
      drawsOf.set(confusion, draws);
    }
    return draws;
  };
  const parts = new Map<string, CorrectionPart[]>();
  for (const row of rows) {
    const start = startOf.get(row.local);
    if (start === undefined || row.n === 0) continue;
    const id = `${row.key}\u0000${start}`;
    const list = parts.get(id) ?? [];
    parts.set(id, list);
    const observed = correction.method === 'acc' ? row.labelled : row.probabilities;
    const confusion = correction.confusionOf(row.language);
    list.push({
      confusion,
      confusionDraws: sharedDraws(confusion),
      bucket: { n: row.n, observed: [...observed] },
    });
  }
  const series = result.points ? [{ key: '', points: result.points }] : (result.series ?? []);
  series.forEach(({ key, points }, s) =>
    points.forEach((point, b) => {
      const corrected = correctBucket(
        parts.get(`${key}\u0000${point.bucket}`) ?? [],
        new SeededRandom(CORRECTION_SEED + s * 100_003 + b),
      );
      if (!corrected) return;
      LABELS.forEach((label, i) => {
        point.shares[label].corrected = {
          share: rounded(corrected.shares[i]),
          ci95: roundedPair(corrected.ci95[i]),
        };
      });
      point.stance.corrected = {
        mean: rounded(corrected.index.mean),
        ci95: roundedPair(corrected.index.ci95),
        uncorrected: rounded(corrected.index.uncorrected),
      };
    }),
  );
}
