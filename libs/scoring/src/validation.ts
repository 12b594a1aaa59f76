/** How well a model's stance labels match the gold labels: the figures of GET /api/v1/validation. Pure. */
import { STANCE_LABELS, type StanceLabel } from '../../lens/src/index.js';
import { evaluationOf, type ClassMetrics } from '../../nlp/src/index.js';
import { SeededRandom } from '../../trends/src/index.js';
import { goldLabels, labelAgreement, UNKNOWN_LANGUAGE, type LabelOfArticle } from './gold-labels.js';
import type { Agreement } from './agreement.js';

/** A model's score of an article, as validation reads it. */
export interface ScoredStance {
  articleId: number;
  label: StanceLabel;
  probs: Record<StanceLabel, number>;
}

/** One labelled article the model scored: its gold label beside the model's. */
export interface ValidationItem {
  gold: StanceLabel;
  predicted: StanceLabel;
  probs: Record<StanceLabel, number>;
  language: string;
  kind: string;
}

export interface ReliabilityBin {
  /** The bin holds articles whose top-label probability p is from ≤ p < to (the last bin includes 1). */
  from: number;
  to: number;
  n: number;
  /** Mean top-label probability in the bin; null when empty. */
  confidence: number | null;
  /** Share of the bin's articles whose top label is the gold label; null when empty. */
  accuracy: number | null;
}

export interface Calibration {
  /** Expected calibration error: Σ (n_bin / n) · |accuracy − confidence| over the bins. */
  ece: number | null;
  /** Multi-class Brier score: the mean over articles of Σ_class (p − [class is gold])², 0 best, 2 worst. */
  brier: number | null;
  bins: ReliabilityBin[];
}

export interface ValidationFigures {
  /** Labelled articles (with a gold label) that the model scored. */
  n: number;
  correct: number;
  accuracy: number | null;
  macroF1: { value: number | null; ci95: [number, number] | null };
  perClass: Record<StanceLabel, ClassMetrics>;
  /** confusion[gold][predicted] = articles. */
  confusion: Record<StanceLabel, Record<StanceLabel, number>>;
  calibration: Calibration;
}

export interface Validation extends ValidationFigures {
  /** Articles whose annotators tie: no gold label, left out of the figures. */
  disputed: number;
  /** Articles with a gold label that the model has not scored: left out of the figures. */
  unscored: number;
  byLanguage: Record<string, ValidationFigures>;
  byKind: Record<string, ValidationFigures>;
  agreement: Agreement;
}

export const BOOTSTRAP_RESAMPLES = 1000;
export const RELIABILITY_BINS = 10;
// A fixed seed: the same labels and scores give the same interval on every request.
const BOOTSTRAP_SEED = 0x5eed;

export const VALIDATION_METHODS = {
  macroF1:
    `macroF1.ci95: the 2.5th and 97.5th percentiles of macro-F1 over ${BOOTSTRAP_RESAMPLES} bootstrap resamples ` +
    'of the labelled articles (drawn with replacement, seeded, so the same labels give the same interval); ' +
    'null below 2 articles.',
  perClass:
    'precision, recall and F1 per class with 0 where a ratio has no denominator (as scikit-learn ' +
    'zero_division=0); macro-F1 is the mean F1 over the classes that occur as a gold or a predicted label.',
  calibration:
    `calibration: the top label's probability in ${RELIABILITY_BINS} equal-width bins; ece is the ` +
    'count-weighted mean |accuracy − confidence| of the bins; brier the multi-class Brier score.',
  gold:
    "an article's gold label is its annotators' majority; a tie leaves it disputed and out of the figures. " +
    'With annotator=, that annotator alone.',
};

/**
 * Validates a model's scores against the gold labels of a lens: the figures over every labelled
 * article the model scored, and the same per article language and per kind of outlet.
 */
export function validate(
  labels: readonly LabelOfArticle[],
  scores: readonly ScoredStance[],
  annotator?: string,
): Validation {
  const { gold, disputed } = goldLabels(labels, annotator);
  const articles = new Map(labels.map((label) => [label.articleId, label]));
  const byArticle = new Map(scores.map((score) => [score.articleId, score]));
  const items: ValidationItem[] = [];
  for (const [articleId, label] of gold) {
    const score = byArticle.get(articleId);
    if (!score) continue;
    const article = articles.get(articleId)!;
    items.push({
      gold: label,
      predicted: score.label,
      probs: score.probs,
      language: article.language ?? UNKNOWN_LANGUAGE,
      kind: article.kind,
    });
  }
  const counted = annotator === undefined ? labels : labels.filter((label) => label.annotator === annotator);
  return {
    ...validationFigures(items),
    disputed: disputed.length,
    unscored: gold.size - items.length,
    byLanguage: figuresBy(items, (item) => item.language),
    byKind: figuresBy(items, (item) => item.kind),
    agreement: labelAgreement(counted),
  };
}

function figuresBy(
  items: readonly ValidationItem[],
  keyOf: (item: ValidationItem) => string,
): Record<string, ValidationFigures> {
  const groups = new Map<string, ValidationItem[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item)) ?? [];
    groups.set(keyOf(item), group);
    group.push(item);
  }
  return Object.fromEntries(
    [...groups.keys()].sort().map((key) => [key, validationFigures(groups.get(key)!)]),
  );
}

const index = (label: StanceLabel) => STANCE_LABELS.indexOf(label);

/** Accuracy, macro-F1 with its bootstrap interval, per-class figures, the confusion matrix and calibration. */
export function validationFigures(items: readonly ValidationItem[]): ValidationFigures {
  const matrix = STANCE_LABELS.map(() => STANCE_LABELS.map(() => 0));
  for (const item of items) matrix[index(item.gold)][index(item.predicted)] += 1;
  const evaluation = evaluationOf(matrix, STANCE_LABELS);
  const empty = items.length === 0;
  return {
    n: items.length,
    correct: evaluation.correct,
    accuracy: empty ? null : evaluation.accuracy,
    macroF1: { value: empty ? null : macroF1(evaluation.perClass), ci95: bootstrapMacroF1(items) },
    perClass: evaluation.perClass,
    confusion: Object.fromEntries(
      STANCE_LABELS.map((gold, g) => [
        gold,
        Object.fromEntries(STANCE_LABELS.map((predicted, p) => [predicted, matrix[g][p]])),
      ]),
    ) as ValidationFigures['confusion'],
    calibration: calibration(items),
  };
}

/**
 * The mean F1 over the classes that occur, as gold or predicted labels. A class that does neither has
 * no F1 to speak of: counting it as 0 would make a perfect model's resample that happens to miss a
 * class score 2/3. With every class present (the usual case) it is eval's macro-F1.
 */
function macroF1(perClass: Record<StanceLabel, ClassMetrics>): number {
  const present = STANCE_LABELS.filter((label) => perClass[label].support + perClass[label].predicted > 0);
  return present.reduce((sum, label) => sum + perClass[label].f1, 0) / present.length;
}

/** Percentile bootstrap of macro-F1 over the items; null below two. */
export function bootstrapMacroF1(
  items: readonly ValidationItem[],
  resamples = BOOTSTRAP_RESAMPLES,
): [number, number] | null {
  if (items.length < 2) return null;
  const random = new SeededRandom(BOOTSTRAP_SEED);
  const cells = items.map((item) => [index(item.gold), index(item.predicted)] as const);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const matrix = STANCE_LABELS.map(() => STANCE_LABELS.map(() => 0));
    for (let i = 0; i < cells.length; i++) {
      const [g, p] = cells[random.index(cells.length)];
      matrix[g][p] += 1;
    }
    values.push(macroF1(evaluationOf(matrix, STANCE_LABELS).perClass));
  }
  values.sort((a, b) => a - b);
  return [quantile(values, 0.025), quantile(values, 0.975)];
}

/** The q-quantile of sorted values, interpolated linearly between order statistics (R's type 7). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Reliability bins of the top label's probability, the expected calibration error and the Brier score. */
export function calibration(items: readonly ValidationItem[], binCount = RELIABILITY_BINS): Calibration {
  const edge = (b: number) => Number((b / binCount).toFixed(6));
  const bins = Array.from({ length: binCount }, (_, b) => ({
    from: edge(b),
    to: edge(b + 1),
    n: 0,
    confidenceSum: 0,
    correct: 0,
  }));
  let brierSum = 0;
  for (const item of items) {
    const top = STANCE_LABELS.reduce((best, label) => (item.probs[label] > item.probs[best] ? label : best));
    const confidence = item.probs[top];
    const bin = bins[Math.min(binCount - 1, Math.floor(confidence * binCount))];
    bin.n += 1;
    bin.confidenceSum += confidence;
    if (top === item.gold) bin.correct += 1;
    for (const label of STANCE_LABELS) brierSum += (item.probs[label] - (label === item.gold ? 1 : 0)) ** 2;
  }
  const n = items.length;
  if (n === 0) return { ece: null, brier: null, bins: bins.map(({ from, to }) => emptyBin(from, to)) };
  let ece = 0;
  for (const bin of bins)
    if (bin.n > 0) ece += (bin.n / n) * Math.abs(bin.correct / bin.n - bin.confidenceSum / bin.n);
  return {
    ece,
    brier: brierSum / n,
    bins: bins.map(({ from, to, n: count, confidenceSum, correct }) =>
      count === 0
        ? emptyBin(from, to)
        : { from, to, n: count, confidence: confidenceSum / count, accuracy: correct / count },
    ),
  };
}

const emptyBin = (from: number, to: number): ReliabilityBin => ({
  from,
  to,
  n: 0,
  confidence: null,
  accuracy: null,
});
