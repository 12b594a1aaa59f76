import { createHash } from 'node:crypto';
import { evaluationOf } from '../evaluation.js';
import {
  fitLogisticRegression,
  predictClasses,
  type LinearHead,
  type TrainingSet,
} from './logistic-regression.js';

/** The penalties tried; the one with the best cross-validated macro-F1 wins (ties: the stronger one). */
export const L2_GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1] as const;
/** Folds of the inner loop that picks the penalty within each outer training part. */
const INNER_FOLDS = 3;

/**
 * Assigns each row a fold in [0, k): within each stratum (label × language, say) rows are ordered by
 * a hash of the seed and their index, then dealt round-robin, so every fold holds about the same
 * share of each stratum and the same seed gives the same folds.
 */
export function stratifiedFolds(strata: readonly string[], k: number, seed: string): Int32Array {
  const folds = new Int32Array(strata.length);
  const groups = new Map<string, number[]>();
  strata.forEach((stratum, i) => groups.set(stratum, [...(groups.get(stratum) ?? []), i]));
  const order = (i: number) => createHash('md5').update(`${seed}:${i}`).digest('hex');
  let next = 0;
  for (const stratum of [...groups.keys()].sort()) {
    const rows = groups.get(stratum)!.sort((a, b) => order(a).localeCompare(order(b)));
    // Continue the deal where the last stratum ended, so small strata do not all start in fold 0.
    for (const row of rows) folds[row] = next++ % k;
  }
  return folds;
}

/** The rows of a set whose fold is (or is not) `fold`. */
export function subset(set: TrainingSet, rows: number[]): TrainingSet {
  const features = new Float64Array(rows.length * set.dims);
  rows.forEach((row, i) =>
    features.set(set.features.subarray(row * set.dims, (row + 1) * set.dims), i * set.dims),
  );
  return { ...set, features, labels: Int32Array.from(rows, (row) => set.labels[row]) };
}

/** Macro-F1 of predicted against gold class indexes over `classes` classes. */
export function macroF1(gold: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < gold.length; i++) confusion[gold[i]][predicted[i]] += 1;
  const names = Array.from({ length: classes }, (_, c) => String(c));
  return evaluationOf(confusion, names).macroF1;
}

function rowsWhere(folds: Int32Array, keep: (fold: number) => boolean): number[] {
  const rows: number[] = [];
  folds.forEach((fold, row) => keep(fold) && rows.push(row));
  return rows;
}

/** Out-of-fold predictions of a fixed penalty: each row predicted by a head that did not see it. */
function outOfFold(set: TrainingSet, folds: Int32Array, k: number, l2: number): Int32Array {
  const predicted = new Int32Array(set.labels.length);
  for (let fold = 0; fold < k; fold++) {
    const test = rowsWhere(folds, (f) => f === fold);
    if (test.length === 0) continue;
    const head = fitLogisticRegression(
      subset(
        set,
        rowsWhere(folds, (f) => f !== fold),
      ),
      { l2, balanced: true },
    );
    predictClasses(head, subset(set, test).features).forEach((c, i) => (predicted[test[i]] = c));
  }
  return predicted;
}

export interface PenaltyChoice {
  l2: number;
  /** Cross-validated macro-F1 of each penalty tried, in the order of L2_GRID. */
  scores: number[];
}

/** Picks the penalty by k-fold cross-validated macro-F1, stratified by label. */
export function choosePenalty(set: TrainingSet, k: number, seed: string): PenaltyChoice {
  const folds = stratifiedFolds(Array.from(set.labels, String), k, seed);
  const scores = L2_GRID.map((l2) => macroF1(set.labels, outOfFold(set, folds, k, l2), set.classes));
  let best = 0;
  scores.forEach((score, i) => score >= scores[best] - 1e-12 && (best = i));
  return { l2: L2_GRID[best], scores };
}

export interface CrossValidation {
  /** Fold of each row. */
  folds: Int32Array;
  /** Each row's class as predicted by the head of the fold that held it out. */
  predicted: Int32Array;
  /** The penalty each outer fold chose on its training part (nested, so the figures are not tuned on their test rows). */
  penalties: number[];
}

/** Nested cross-validation: k outer folds (stratified by `strata`), the penalty chosen inside each. */
export function crossValidate(
  set: TrainingSet,
  strata: readonly string[],
  k: number,
  seed: string,
): CrossValidation {
  const folds = stratifiedFolds(strata, k, seed);
  const predicted = new Int32Array(set.labels.length);
  const penalties: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = subset(
      set,
      rowsWhere(folds, (f) => f !== fold),
    );
    const { l2 } = choosePenalty(train, INNER_FOLDS, `${seed}:inner:${fold}`);
    penalties.push(l2);
    const test = rowsWhere(folds, (f) => f === fold);
    const head = fitLogisticRegression(train, { l2, balanced: true });
    predictClasses(head, subset(set, test).features).forEach((c, i) => (predicted[test[i]] = c));
  }
  return { folds, predicted, penalties };
}

/** The final head: the penalty chosen on all rows, fitted on all rows. */
export function fitFinal(set: TrainingSet, seed: string): { head: LinearHead; choice: PenaltyChoice } {
  const choice = choosePenalty(set, INNER_FOLDS, `${seed}:final`);
  return { head: fitLogisticRegression(set, { l2: choice.l2, balanced: true }), choice };
}
