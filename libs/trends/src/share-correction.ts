/**
 * Class shares corrected for a classifier's measured confusion (adjusted classify-and-count, Forman
 * 2006; probabilistic ACC, Bella et al. 2010), with intervals that carry both the labelled set's and
 * the bucket's uncertainty. Pure; three classes (supportive, neutral, critical).
 */
import { SeededRandom } from './seeded-random.js';

export const CORRECTIONS = ['none', 'acc', 'pacc'] as const;
export type Correction = (typeof CORRECTIONS)[number];

/** Draws per bucket for its interval. */
export const CORRECTION_RESAMPLES = 200;
/** The Jeffreys prior: half a pseudo-count per cell, so a zero count in a small labelled set is not taken as a certainty. */
export const DIRICHLET_PRIOR = 0.5;
/** Above this condition number of the confusion-rate matrix, correcting amplifies noise more than it removes bias. */
export const MAX_CONDITION = 10;

type Vector = number[];
type Matrix = number[][];

/**
 * What the labelled articles say about the classifier: `counts[i][j]` is, over the labelled articles
 * whose gold label is class j, how many the model gave class i (ACC), or the sum of the model's
 * probability of class i (PACC). Column j sums to the number of labelled articles of class j.
 */
export type ConfusionCounts = Matrix;

/** What a bucket says: its articles, and per class the articles the model gave it (ACC) or the sum of its probabilities (PACC). */
export interface BucketObservation {
  n: number;
  observed: Vector;
}

/** The confusion-rate matrix M: column j is what the classifier outputs for an article of true class j. */
export function confusionRates(counts: ConfusionCounts): Matrix {
  const columnTotals = counts[0].map((_, j) => counts.reduce((sum, row) => sum + row[j], 0));
  return counts.map((row) => row.map((value, j) => (columnTotals[j] > 0 ? value / columnTotals[j] : 0)));
}

const multiply = (m: Matrix, v: Vector): Vector =>
  m.map((row) => row.reduce((sum, x, j) => sum + x * v[j], 0));

function inverse3(m: Matrix): Matrix | null {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) return null;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

const squaredResidual = (m: Matrix, p: Vector, q: Vector) =>
  multiply(m, p).reduce((sum, x, i) => sum + (x - q[i]) ** 2, 0);

/**
 * The shares p on the probability simplex that best explain the observed shares q = M·p (least
 * squares, as QuaPy's default). M's columns sum to 1, so where M⁻¹q has no negative share it is the
 * exact solution; otherwise the optimum of this convex problem lies on an edge of the simplex, and
 * each edge is a one-dimensional least-squares problem clamped to its ends.
 */
export function simplexLeastSquares(m: Matrix, q: Vector): Vector {
  const inv = inverse3(m);
  if (inv) {
    const p = multiply(inv, q);
    const total = p.reduce((sum, x) => sum + x, 0);
    if (p.every((x) => x >= 0) && total > 0) return p.map((x) => x / total);
  }
  let best: Vector = [1 / 3, 1 / 3, 1 / 3];
  let bestResidual = Infinity;
  for (const [i, j] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ]) {
    // p = t·e_i + (1 − t)·e_j: M·p − q = t·(a − b) + (b − q) with a, b the columns i and j.
    const direction = m.map((row) => row[i] - row[j]);
    const offset = m.map((row, r) => row[j] - q[r]);
    const length = direction.reduce((sum, x) => sum + x * x, 0);
    const t =
      length === 0
        ? 0.5
        : Math.min(1, Math.max(0, -direction.reduce((s, x, r) => s + x * offset[r], 0) / length));
    const p = [0, 0, 0];
    p[i] = t;
    p[j] = 1 - t;
    const residual = squaredResidual(m, p, q);
    if (residual < bestResidual) [best, bestResidual] = [p, residual];
  }
  return best;
}

/** Eigenvalues of a symmetric 3×3 matrix (the trigonometric closed form), largest first. */
function symmetricEigenvalues3(a: Matrix): Vector {
  const p1 = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
  const trace = a[0][0] + a[1][1] + a[2][2];
  if (p1 === 0) return [a[0][0], a[1][1], a[2][2]].sort((x, y) => y - x);
  const q = trace / 3;
  const p2 = (a[0][0] - q) ** 2 + (a[1][1] - q) ** 2 + (a[2][2] - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  const b = a.map((row, i) => row.map((x, j) => (x - (i === j ? q : 0)) / p));
  const detB =
    b[0][0] * (b[1][1] * b[2][2] - b[1][2] * b[2][1]) -
    b[0][1] * (b[1][0] * b[2][2] - b[1][2] * b[2][0]) +
    b[0][2] * (b[1][0] * b[2][1] - b[1][1] * b[2][0]);
  const phi = Math.acos(Math.min(1, Math.max(-1, detB / 2))) / 3;
  const largest = q + 2 * p * Math.cos(phi);
  const smallest = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [largest, trace - largest - smallest, smallest];
}

/** The 2-norm condition number of M (largest over smallest singular value); Infinity when singular. */
export function conditionNumber(m: Matrix): number {
  const gram = m[0].map((_, i) => m[0].map((_, j) => m.reduce((sum, row) => sum + row[i] * row[j], 0)));
  const eigenvalues = symmetricEigenvalues3(gram);
  const smallest = eigenvalues[2];
  if (smallest <= 1e-15) return Infinity;
  return Math.sqrt(eigenvalues[0] / smallest);
}

/** One language's part of a bucket (or the whole bucket, pooled), with the confusion it is corrected by. */
export interface CorrectionPart {
  confusion: ConfusionCounts;
  bucket: BucketObservation;
  /**
   * Posterior draws of M for `confusion` (confusionDraws), one per resample: the labelled set is the
   * same for every bucket of a trend, so its draws can be made once and shared. Drawn per bucket
   * when absent.
   */
  confusionDraws?: readonly Matrix[];
}

/** A draw of M from its posterior: each true class's column from Dirichlet(gold counts + ½). */
function drawConfusion(confusion: ConfusionCounts, random: SeededRandom): Matrix {
  const columns = [0, 1, 2].map((j) => random.dirichlet(confusion.map((row) => row[j] + DIRICHLET_PRIOR)));
  return [0, 1, 2].map((i) => columns.map((column) => column[i]));
}

/** `resamples` posterior draws of M, for the CorrectionParts of every bucket corrected with `confusion`. */
export function confusionDraws(
  confusion: ConfusionCounts,
  random: SeededRandom,
  resamples = CORRECTION_RESAMPLES,
): Matrix[] {
  return Array.from({ length: resamples }, () => drawConfusion(confusion, random));
}

export interface CorrectedBucket {
  /** Corrected shares per class, summing to 1. */
  shares: Vector;
  ci95: [number, number][];
  /** Corrected supportive share minus corrected critical share. */
  index: { mean: number; ci95: [number, number]; uncorrected: number };
}

const quantile = (sorted: readonly number[], q: number): number => {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
};

function interval(draws: number[], point: number): [number, number] {
  draws.sort((a, b) => a - b);
  // The point estimate always lies inside its interval, even where the draws' tail is thin.
  return [Math.min(point, quantile(draws, 0.025)), Math.max(point, quantile(draws, 0.975))];
}

/**
 * A bucket's corrected shares: each part (language) corrected with its own confusion and weighted by
 * its articles. The interval comes from posterior draws: each true class's column of M from
 * Dirichlet(counts + ½) and each part's observed shares from Dirichlet(observed + ½), solved like
 * the estimate; the 2.5th and 97.5th percentiles of the draws. Null without articles.
 */
export function correctBucket(
  parts: readonly CorrectionPart[],
  random: SeededRandom,
  resamples = CORRECTION_RESAMPLES,
): CorrectedBucket | null {
  const used = parts.filter((part) => part.bucket.n > 0);
  const n = used.reduce((sum, part) => sum + part.bucket.n, 0);
  if (n === 0) return null;
  const weighted = (solve: (part: CorrectionPart) => Vector): Vector => {
    const total = [0, 0, 0];
    for (const part of used) {
      const p = solve(part);
      for (let i = 0; i < 3; i++) total[i] += (part.bucket.n / n) * p[i];
    }
    return total;
  };
  const shares = weighted((part) =>
    simplexLeastSquares(
      confusionRates(part.confusion),
      part.bucket.observed.map((x) => x / part.bucket.n),
    ),
  );
  const draws: number[][] = [[], [], []];
  const indexDraws: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const p = weighted((part) => {
      const m = part.confusionDraws?.[r] ?? drawConfusion(part.confusion, random);
      return simplexLeastSquares(m, random.dirichlet(part.bucket.observed.map((x) => x + DIRICHLET_PRIOR)));
    });
    for (let i = 0; i < 3; i++) draws[i].push(p[i]);
    indexDraws.push(p[0] - p[2]);
  }
  const observed = used.reduce((sum, part) => sum + part.bucket.observed[0] - part.bucket.observed[2], 0);
  return {
    shares,
    ci95: shares.map((share, i) => interval(draws[i], share)),
    index: {
      mean: shares[0] - shares[2],
      ci95: interval(indexDraws, shares[0] - shares[2]),
      uncorrected: observed / n,
    },
  };
}
