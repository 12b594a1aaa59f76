import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TRAINED_MODEL_PREFIX } from '../model-spec.js';
import { isTrainedModelName, type CrossValidatedFigures, type TrainingReport } from './train-classifier.js';

/** What GET /api/v1/models says of a trained classifier: where it came from and how well it did. */
export interface TrainedModelSummary {
  id: string;
  lens: string;
  encoder: TrainingReport['encoder'];
  builtin: boolean;
  labels: TrainingReport['labels'];
  folds: number;
  trainedAt: string;
  crossValidated: {
    trained: CrossValidatedFigures;
    baseline: (CrossValidatedFigures & { model: { id: string; revision: string } }) | null;
  };
}

interface TrainedConfig {
  stancewatch?: {
    builtin?: boolean;
    trained?: {
      lens: string;
      encoder: TrainingReport['encoder'];
      labels: TrainingReport['labels'];
      folds: number;
      trained_at: string;
      cross_validated: TrainedModelSummary['crossValidated'];
      article_ids?: number[] | null;
    };
  };
}

/**
 * The trained classifiers under MODEL_LOCAL_DIR/trained, read from their config.json. A folder
 * being written (or swapped out) and one whose config is not a trained classifier's are left out.
 */
export async function listTrainedModels(modelRoot: string): Promise<TrainedModelSummary[]> {
  const dir = join(modelRoot, TRAINED_MODEL_PREFIX);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
  const summaries: TrainedModelSummary[] = [];
  for (const name of names.filter((n) => !n.includes('.partial-') && !n.includes('.replaced-')).sort()) {
    let config: TrainedConfig;
    try {
      config = JSON.parse(await readFile(join(dir, name, 'config.json'), 'utf8'));
    } catch {
      continue;
    }
    const trained = config.stancewatch?.trained;
    if (!trained) continue;
    summaries.push({
      id: `${TRAINED_MODEL_PREFIX}${name}`,
      lens: trained.lens,
      encoder: trained.encoder,
      builtin: config.stancewatch?.builtin === true,
      labels: trained.labels,
      folds: trained.folds,
      trainedAt: trained.trained_at,
      crossValidated: trained.cross_validated,
    });
  }
  return summaries;
}

/**
 * The articles a trained classifier was fitted on (from its config.json), for validation to hold
 * out; null when `model` is not a trained classifier here or was trained on a file.
 */
export async function trainingArticles(modelRoot: string, model: string): Promise<number[] | null> {
  if (!model.startsWith(TRAINED_MODEL_PREFIX)) return null;
  const name = model.slice(TRAINED_MODEL_PREFIX.length);
  if (!isTrainedModelName(name)) return null;
  try {
    const config: TrainedConfig = JSON.parse(
      await readFile(join(modelRoot, TRAINED_MODEL_PREFIX, name, 'config.json'), 'utf8'),
    );
    return config.stancewatch?.trained?.article_ids ?? null;
  } catch {
    return null;
  }
}
