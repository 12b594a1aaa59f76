import { trainingArticles } from '../../nlp/src/index.js';
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
  if (!heldOut) {
    return {
      report: {
        lens,
        model,
        annotator: annotator ?? null,
        ...validate(labels, scores, annotator),
        models,
        heldOut: null,
      },
      labels: labels.length,
    };
  }
  const trainedOn = new Set(heldOut.trainedOn);
  const kept = labels.filter((label) => !trainedOn.has(label.articleId));
  const leftOut = new Set(labels.filter((label) => trainedOn.has(label.articleId)).map((l) => l.articleId))
    .size;
  const baseline = validate(kept, (await repository.goldSet(lens, heldOut.baselineModel)).scores, annotator);
  return {
    report: {
      lens,
      model,
      annotator: annotator ?? null,
      ...validate(kept, scores, annotator),
      models,
      heldOut: {
        trainedOn: trainedOn.size,
        leftOut,
        baseline: {
          model: heldOut.baselineModel,
          n: baseline.n,
          accuracy: baseline.accuracy,
          macroF1: baseline.macroF1.value,
        },
      },
    },
    labels: labels.length,
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
