import { trainingArticles } from '../../nlp/src/index.js';
import type { LabelOfArticle } from './gold-labels.js';
import type { LabelRepository } from './label.repository.js';
import { validate, type Validation } from './validation.js';

/** A model validated against a lens's gold labels, as GET /api/v1/validation and `eval --labels` give it. */
export type ModelValidation = Validation & {
  lens: string;
  model: string;
  annotator: string | null;
  /** Every model that scored labelled articles of the lens: each can be validated the same way. */
  models: { model: string; scored: number }[];
  /**
   * For a classifier trained on some of these labels: the articles it was trained on are left out
   * of every figure above, and the zero-shot model is validated on the same held-out articles.
   */
  heldOut: {
    trainedOn: number;
    leftOut: number;
    baseline: { model: string; n: number; accuracy: number | null; macroF1: number | null };
  } | null;
};

export interface HeldOut {
  /** The articles the model was trained on. */
  trainedOn: readonly number[];
  /** The zero-shot model to validate on the same held-out articles. */
  baselineModel: string;
}

/**
 * Reads the lens's labels and the model's scores of the labelled articles, and validates the one
 * against the other; `labels` is how many labels the lens has at all (zero: nothing to validate).
 */
export async function validateModel(
  repository: LabelRepository,
  lens: string,
  model: string,
  annotator?: string,
  heldOut?: HeldOut,
): Promise<{ report: ModelValidation; labels: number }> {
  const [{ labels, scores }, models] = await Promise.all([
    repository.goldSet(lens, model),
    repository.modelsOfLabelled(lens),
  ]);
  const trainedOn = new Set(heldOut?.trainedOn ?? []);
  const kept = labels.filter((label) => !trainedOn.has(label.articleId));
  return {
    report: {
      lens,
      model,
      annotator: annotator ?? null,
      ...validate(kept, scores, annotator),
      models,
      heldOut: heldOut ? await heldOutReport(repository, lens, annotator, heldOut, labels, kept) : null,
    },
    labels: labels.length,
  };
}

/** What was held out, and the zero-shot model on the same held-out articles. */
async function heldOutReport(
  repository: LabelRepository,
  lens: string,
  annotator: string | undefined,
  heldOut: HeldOut,
  labels: readonly LabelOfArticle[],
  kept: readonly LabelOfArticle[],
): Promise<NonNullable<ModelValidation['heldOut']>> {
  const keptArticles = new Set(kept.map((label) => label.articleId));
  const leftOut = new Set(labels.map((label) => label.articleId).filter((id) => !keptArticles.has(id)));
  const baseline = validate(kept, (await repository.goldSet(lens, heldOut.baselineModel)).scores, annotator);
  return {
    trainedOn: new Set(heldOut.trainedOn).size,
    leftOut: leftOut.size,
    baseline: {
      model: heldOut.baselineModel,
      n: baseline.n,
      accuracy: baseline.accuracy,
      macroF1: baseline.macroF1.value,
    },
  };
}

/**
 * What to hold out when validating `model`: the articles it was trained on when it is a classifier
 * trained from the archive's labels (its config under `modelRoot` lists them), compared with the
 * zero-shot `baselineModel`; undefined for every other model.
 */
export async function heldOutFor(
  modelRoot: string,
  model: string,
  baselineModel: string,
): Promise<HeldOut | undefined> {
  const trainedOn = await trainingArticles(modelRoot, model);
  return trainedOn ? { trainedOn, baselineModel } : undefined;
}
