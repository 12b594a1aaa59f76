/**
 * How a trend is corrected, decided from the gold labels: the confusion each language is corrected
 * with (its own when it has enough labels of every class, else the pooled one), or why the trend is
 * not corrected at all. The correction itself is libs/trends' (share-correction.ts).
 */
import { STANCE_LABELS, type StanceLabel } from '../../lens/src/index.js';
import {
  conditionNumber,
  CORRECTION_RESAMPLES,
  confusionRates,
  MAX_CONDITION,
  type ConfusionCounts,
  type TrendCorrection,
} from '../../trends/src/index.js';
import { goldLabels, UNKNOWN_LANGUAGE, type LabelOfArticle } from './gold-labels.js';
import type { ScoredStance } from './validation.js';

export type CorrectionMethod = TrendCorrection['method'];

type ClassCounts = Record<StanceLabel, number>;

/** What a corrected trend's response says about its correction. */
export interface CorrectionSummary {
  method: CorrectionMethod;
  applied: boolean;
  /** Why the shares were not corrected: then the raw shares stand alone. */
  reason?: string;
  minLabelsPerClass: number;
  /** Gold labels (of articles the model scored) per class, pooled and per article language. */
  labelCounts: { all: ClassCounts; byLanguage: Record<string, ClassCounts> };
  /** The confusion-rate matrices used: M[predicted][true], with their condition numbers. */
  confusion: {
    pooled: { rates: number[][]; condition: number | null };
    byLanguage: Record<
      string,
      { uses: 'own' | 'pooled'; rates?: number[][]; condition?: number | null; why?: string }
    >;
    /** Languages without labels of their own are corrected with the pooled matrix. */
    otherLanguages: 'pooled';
  };
  description: string;
}

export interface CorrectionPlan {
  summary: CorrectionSummary;
  /** Absent when the correction is not applied. */
  correction?: TrendCorrection;
}

const DESCRIPTION: Record<CorrectionMethod, string> = {
  acc:
    'Adjusted classify-and-count (Forman 2006): the observed label shares q of a bucket are explained as ' +
    'q = M·p, M[i][j] the share of articles of gold class j the model labels i, measured on the gold labels; ' +
    'p is solved on the probability simplex by least squares, per article language (its own M where it has ' +
    'enough labels, else the pooled M) and weighted by articles. ',
  pacc:
    "Probabilistic adjusted classify-and-count (Bella et al. 2010): as acc, but with the model's mean class " +
    'probabilities in place of label counts, both in M and in each bucket. ',
};

const INTERVAL_TEXT =
  `ci95: the 2.5th and 97.5th percentiles of ${CORRECTION_RESAMPLES} posterior draws, each column of M from ` +
  "Dirichlet(gold counts + ½) and the bucket's shares from Dirichlet(observed + ½), so the interval carries " +
  "both the labelled set's and the bucket's uncertainty. stance.corrected.mean is the corrected supportive " +
  'share minus the corrected critical share, `uncorrected` the same difference before correction: a different ' +
  'quantity from stance.mean (a mean of soft scores).';

const zeroCounts = (): ClassCounts => ({ supportive: 0, neutral: 0, critical: 0 });
const emptyMatrix = () => STANCE_LABELS.map(() => STANCE_LABELS.map(() => 0));
const index = (label: StanceLabel) => STANCE_LABELS.indexOf(label);
const finite = (value: number) => (Number.isFinite(value) ? value : null);

/** Counts per gold class (columns) of what the model said (rows): labels for acc, probability sums for pacc. */
function addToConfusion(
  matrix: number[][],
  gold: StanceLabel,
  score: ScoredStance,
  method: CorrectionMethod,
): void {
  const j = index(gold);
  if (method === 'acc') {
    matrix[index(score.label)][j] += 1;
    return;
  }
  for (const label of STANCE_LABELS) matrix[index(label)][j] += score.probs[label];
}

function fewest(counts: ClassCounts): [StanceLabel, number] {
  return STANCE_LABELS.map((label) => [label, counts[label]] as [StanceLabel, number]).reduce((a, b) =>
    b[1] < a[1] ? b : a,
  );
}

/**
 * The plan for correcting a trend of one lens and model by `method`, from that lens's gold labels and
 * the model's scores of the labelled articles.
 */
export function planCorrection(
  labels: readonly LabelOfArticle[],
  scores: readonly ScoredStance[],
  method: CorrectionMethod,
  minLabelsPerClass: number,
): CorrectionPlan {
  const { gold } = goldLabels(labels);
  const languageOf = new Map(labels.map((label) => [label.articleId, label.language ?? UNKNOWN_LANGUAGE]));
  const pooled = emptyMatrix();
  const all = zeroCounts();
  const perLanguage = new Map<string, { matrix: number[][]; counts: ClassCounts }>();
  for (const score of scores) {
    const label = gold.get(score.articleId);
    if (!label) continue;
    const language = languageOf.get(score.articleId)!;
    const own = perLanguage.get(language) ?? { matrix: emptyMatrix(), counts: zeroCounts() };
    perLanguage.set(language, own);
    addToConfusion(pooled, label, score, method);
    addToConfusion(own.matrix, label, score, method);
    all[label] += 1;
    own.counts[label] += 1;
  }
  const pooledCondition = conditionNumber(confusionRates(pooled));
  const summary: CorrectionSummary = {
    method,
    applied: false,
    minLabelsPerClass,
    labelCounts: {
      all,
      byLanguage: Object.fromEntries([...perLanguage].map(([language, own]) => [language, own.counts])),
    },
    confusion: {
      pooled: { rates: rounded(confusionRates(pooled)), condition: finite(pooledCondition) },
      byLanguage: {},
      otherLanguages: 'pooled',
    },
    description: DESCRIPTION[method] + INTERVAL_TEXT,
  };
  const [scarce, scarceCount] = fewest(all);
  if (scarceCount < minLabelsPerClass)
    return {
      summary: {
        ...summary,
        reason:
          `only ${scarceCount} gold label(s) of the class ${scarce} for this lens and model, fewer than the ` +
          `${minLabelsPerClass} each class needs: label more (GET /api/v1/labels/sample) or lower ` +
          'CORRECTION_MIN_LABELS_PER_CLASS',
      },
    };
  if (pooledCondition > MAX_CONDITION)
    return {
      summary: {
        ...summary,
        reason:
          `the confusion matrix is too close to singular (condition number ${pooledCondition.toFixed(1)}, at most ` +
          `${MAX_CONDITION}): the model separates the classes too little for a correction not to amplify noise`,
      },
    };
  const confusions = new Map<string, ConfusionCounts>();
  for (const [language, own] of perLanguage) {
    const [ownScarce, ownCount] = fewest(own.counts);
    const condition = conditionNumber(confusionRates(own.matrix));
    if (ownCount >= minLabelsPerClass && condition <= MAX_CONDITION) {
      confusions.set(language, own.matrix);
      summary.confusion.byLanguage[language] = {
        uses: 'own',
        rates: rounded(confusionRates(own.matrix)),
        condition: finite(condition),
      };
    } else {
      summary.confusion.byLanguage[language] = {
        uses: 'pooled',
        why:
          ownCount < minLabelsPerClass
            ? `${ownCount} gold label(s) of the class ${ownScarce}, fewer than ${minLabelsPerClass}`
            : `its own matrix is too close to singular (condition number ${finite(condition)?.toFixed(1) ?? '∞'})`,
      };
    }
  }
  return {
    summary: { ...summary, applied: true },
    correction: { method, confusionOf: (language) => confusions.get(language) ?? pooled },
  };
}

const rounded = (matrix: number[][]) => matrix.map((row) => row.map((x) => Math.round(x * 1e6) / 1e6));
