/**
 * Classification metrics for a labelled evaluation set: pure functions over (gold, predicted) pairs.
 *
 * Conventions where a ratio has a zero denominator (the same as scikit-learn's `zero_division=0`):
 * precision of a class that was never predicted is 0, recall of a class with no gold examples is 0,
 * and F1 is 0 when precision and recall are both 0. Macro-F1 is the plain mean of the per-class F1
 * over every label passed in, so a class the model never predicts pulls it down rather than
 * disappearing from it.
 */

export interface LabelledPair<L extends string = string> {
  gold: L;
  predicted: L;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Gold examples of the class. */
  support: number;
  /** How often the model predicted the class. */
  predicted: number;
}

export interface Evaluation<L extends string = string> {
  labels: L[];
  total: number;
  correct: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<L, ClassMetrics>;
  /** `confusion[g][p]`: texts whose gold label is `labels[g]` and predicted label `labels[p]`. */
  confusion: number[][];
}

export interface GroupAccuracy {
  total: number;
  correct: number;
  accuracy: number;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** The confusion matrix, rows gold and columns predicted, in the order of `labels`. */
export function confusionMatrix<L extends string>(
  pairs: readonly LabelledPair<L>[],
  labels: readonly L[],
): number[][] {
  const matrix = labels.map(() => labels.map(() => 0));
  for (const [index, pair] of pairs.entries()) {
    const gold = labels.indexOf(pair.gold);
    const predicted = labels.indexOf(pair.predicted);
    if (gold < 0 || predicted < 0) {
      const unknown = gold < 0 ? pair.gold : pair.predicted;
      throw new RangeError(
        `pair ${index}: unknown label "${unknown}" (expected one of ${labels.join(', ')})`,
      );
    }
    matrix[gold][predicted] += 1;
  }
  return matrix;
}

function classMetrics(matrix: number[][], k: number): ClassMetrics {
  const truePositives = matrix[k][k];
  const support = matrix[k].reduce((sum, n) => sum + n, 0);
  const predicted = matrix.reduce((sum, row) => sum + row[k], 0);
  const precision = ratio(truePositives, predicted);
  const recall = ratio(truePositives, support);
  return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted };
}

/** Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix. Throws on an unknown label. */
export function evaluate<L extends string>(
  pairs: readonly LabelledPair<L>[],
  labels: readonly L[],
): Evaluation<L> {
  return evaluationOf(confusionMatrix(pairs, labels), labels);
}

/** The same figures from a confusion matrix (rows gold, columns predicted, in the order of `labels`). */
export function evaluationOf<L extends string>(confusion: number[][], labels: readonly L[]): Evaluation<L> {
  const total = confusion.reduce((sum, row) => sum + row.reduce((a, n) => a + n, 0), 0);
  const correct = labels.reduce((sum, _, k) => sum + confusion[k][k], 0);
  const perClass = Object.fromEntries(
    labels.map((label, k) => [label, classMetrics(confusion, k)]),
  ) as Record<L, ClassMetrics>;
  const f1s = labels.map((label) => perClass[label].f1);
  return {
    labels: [...labels],
    total,
    correct,
    accuracy: ratio(correct, total),
    macroF1: ratio(
      f1s.reduce((sum, f1) => sum + f1, 0),
      f1s.length,
    ),
    perClass,
    confusion,
  };
}

/** Accuracy within each group (for example each language), groups in order of first appearance. */
export function accuracyByGroup<L extends string>(
  pairs: readonly (LabelledPair<L> & { group: string })[],
): Record<string, GroupAccuracy> {
  const groups: Record<string, GroupAccuracy> = {};
  for (const pair of pairs) {
    const group = (groups[pair.group] ??= { total: 0, correct: 0, accuracy: 0 });
    group.total += 1;
    if (pair.gold === pair.predicted) group.correct += 1;
  }
  for (const group of Object.values(groups)) group.accuracy = ratio(group.correct, group.total);
  return groups;
}
