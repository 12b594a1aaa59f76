import type { LabelRepository } from './label.repository.js';
import { validate, type Validation } from './validation.js';

/** A model validated against a lens's gold labels, as GET /api/v1/validation and `eval --labels` give it. */
export type ModelValidation = Validation & {
  lens: string;
  model: string;
  annotator: string | null;
  /** Every model that scored labelled articles of the lens: each can be validated the same way. */
  models: { model: string; scored: number }[];
};

/**
 * Reads the lens's labels and the model's scores of the labelled articles, and validates the one
 * against the other; `labels` is how many labels the lens has at all (zero: nothing to validate).
 */
export async function validateModel(
  repository: LabelRepository,
  lens: string,
  model: string,
  annotator?: string,
): Promise<{ report: ModelValidation; labels: number }> {
  const [{ labels, scores }, models] = await Promise.all([
    repository.goldSet(lens, model),
    repository.modelsOfLabelled(lens),
  ]);
  return {
    report: { lens, model, annotator: annotator ?? null, ...validate(labels, scores, annotator), models },
    labels: labels.length,
  };
}
