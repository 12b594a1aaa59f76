import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { STANCE_LABELS, type StanceLabel } from '../../../lens/src/index.js';
import { accuracyByGroup, evaluate } from '../evaluation.js';
import {
  modelFolder,
  weightFile,
  type LoadedModel,
  type ModelDtype,
  type ModelLoadOptions,
} from '../model-loader.js';
import { writeModelFolder } from '../model-folder.js';
import { TRAINED_MODEL_PREFIX as TRAINED_PREFIX } from '../model-spec.js';
import { crossValidate, fitFinal, L2_GRID, macroF1 } from './cross-validation.js';
import type { TrainingSet } from './logistic-regression.js';
import { modelCard } from './model-card.js';

/** Fewer labels than this of any class and training refuses (MTEB fits its heads on 8 per label). */
export const MIN_LABELS_PER_CLASS = 8;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const EMBED_BATCH = 16;
/** The tokenizer and config files copied from the encoder; the weights are rewritten with the head. */
const COPIED_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'sentencepiece.bpe.model',
];
const DTYPES: ModelDtype[] = ['fp32', 'q8'];

/** Bad input to training: the message says what to change. Nothing was written. */
export class TrainingError extends Error {
  override name = 'TrainingError';
}

export interface LabelledExample {
  text: string;
  label: StanceLabel;
  language: string;
  /** The labelled article, when the labels come from the archive: validation leaves these out for this model. */
  articleId?: number;
}

export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
}

export interface CrossValidatedFigures extends Scores {
  byLanguage: Record<string, Scores>;
  /** Macro-F1 of each outer fold's held-out rows. */
  perFold: number[];
}

export interface TrainingReport {
  model: string;
  folder: string;
  lens: string;
  source: string;
  encoder: { id: string; revision: string; dtype: ModelDtype; builtin: boolean };
  labels: { total: number; byClass: Record<StanceLabel, number>; byLanguage: Record<string, number> };
  folds: number;
  seed: string;
  penalty: { l2: number; grid: readonly number[]; scores: number[] };
  crossValidated: {
    trained: CrossValidatedFigures;
    baseline: (CrossValidatedFigures & { model: { id: string; revision: string } }) | null;
  };
  seconds: { embedding: number; fitting: number };
  trainedAt: string;
}

export interface TrainRequest {
  /** NAME of trained/NAME. */
  name: string;
  lens: string;
  /** Where the labels came from, for the model card ("gold labels of lens …", a file). */
  source: string;
  examples: LabelledExample[];
  folds: number;
  seed: string;
  /** MODEL_LOCAL_DIR: the folder gets `trained/NAME` under it. */
  modelRoot: string;
  encoder: { model: LoadedModel<'feature-extraction'>; options: ModelLoadOptions };
  /** The zero-shot model's label for each example, to report beside the trained one on the same folds. */
  baseline?: { model: { id: string; revision: string }; predicted: StanceLabel[] };
  log?: (message: string) => void;
}

/** Whether NAME can be trained/NAME: one plain folder name. */
export const isTrainedModelName = (name: string): boolean => NAME.test(name);

/** The folder of trained/NAME, refusing names that are not one plain path segment. */
export function trainedModelFolder(modelRoot: string, name: string): string {
  if (!isTrainedModelName(name)) {
    throw new TrainingError(
      `--name ${JSON.stringify(name)}: use 1–64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (the model becomes ${TRAINED_PREFIX}NAME)`,
    );
  }
  return join(modelRoot, TRAINED_PREFIX, name);
}

/** The folder trained/NAME will be written to, refusing a bad name or one that exists. */
export function newTrainedModelFolder(modelRoot: string, name: string): string {
  const folder = trainedModelFolder(modelRoot, name);
  if (existsSync(folder)) {
    throw new TrainingError(
      `${TRAINED_PREFIX}${name} exists (${folder}): choose another --name, or delete that folder to train it again`,
    );
  }
  return folder;
}

/** Refuses what cannot train a classifier worth reporting, before anything is embedded. */
export function checkExamples(examples: LabelledExample[], folds: number, lens: string): void {
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) {
    throw new TrainingError(`--folds ${folds}: give a whole number from 2 to 20`);
  }
  if (examples.length === 0) {
    throw new TrainingError(
      `no labelled texts for lens ${lens}: label articles first (stancewatch labels sample --lens ${lens}, then the dashboard or labels import), or give --file with {"text","label"} lines`,
    );
  }
  const needed = Math.max(MIN_LABELS_PER_CLASS, folds);
  const counts = countBy(examples.map((e) => e.label));
  const short = STANCE_LABELS.filter((label) => (counts[label] ?? 0) < needed);
  if (short.length > 0) {
    const have = STANCE_LABELS.map((label) => `${label} ${counts[label] ?? 0}`).join(', ');
    throw new TrainingError(
      `too few labels to train on for lens ${lens}: ${have}; every class needs at least ${needed} (${short.join(', ')} short). Label more, or use fewer --folds`,
    );
  }
}

function countBy<K extends string>(keys: K[]): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** Sentence embeddings as the feature-extraction pipeline makes them: mean-pooled, L2-normalised. */
async function embed(encoder: LoadedModel<'feature-extraction'>, texts: string[], log?: (m: string) => void) {
  let dims = 0;
  const rows: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += EMBED_BATCH) {
    const batch = texts.slice(start, start + EMBED_BATCH);
    const tensor = await encoder.pipeline(batch, { pooling: 'mean', normalize: true });
    dims = tensor.dims[1];
    const data = tensor.data as Float32Array;
    for (let i = 0; i < batch.length; i++) rows.push(data.slice(i * dims, (i + 1) * dims));
    if ((start / EMBED_BATCH) % 16 === 15) log?.(`embedded ${start + batch.length}/${texts.length}`);
  }
  const features = new Float64Array(rows.length * dims);
  rows.forEach((row, i) => features.set(row, i * dims));
  return { features, dims };
}

function figures(
  gold: StanceLabel[],
  predicted: StanceLabel[],
  languages: string[],
  folds: Int32Array,
  k: number,
): CrossValidatedFigures {
  const pairs = gold.map((g, i) => ({ gold: g, predicted: predicted[i], group: languages[i] }));
  const overall = evaluate(pairs, STANCE_LABELS);
  const byLanguage: Record<string, Scores> = {};
  for (const language of Object.keys(accuracyByGroup(pairs))) {
    const inLanguage = evaluate(
      pairs.filter((p) => p.group === language),
      STANCE_LABELS,
    );
    byLanguage[language] = {
      n: inLanguage.total,
      accuracy: inLanguage.accuracy,
      macroF1: inLanguage.macroF1,
    };
  }
  const index = (label: StanceLabel) => STANCE_LABELS.indexOf(label);
  const perFold = Array.from({ length: k }, (_, fold) => {
    const rows = [...folds.keys()].filter((row) => folds[row] === fold);
    return macroF1(
      rows.map((r) => index(gold[r])),
      rows.map((r) => index(predicted[r])),
      STANCE_LABELS.length,
    );
  });
  return { n: overall.total, accuracy: overall.accuracy, macroF1: overall.macroF1, byLanguage, perFold };
}

/**
 * Trains a stance classifier on a frozen encoder: embeds the texts, reports nested k-fold
 * cross-validated figures (beside the zero-shot model's on the same texts), fits the head on all
 * of them, and writes trained/NAME in Hugging Face layout: the encoder's graph with pooling and the
 * head appended, its tokenizer, a config naming encoder, lens, labels and figures, and a model card.
 */
export async function trainClassifier(request: TrainRequest): Promise<TrainingReport> {
  const { examples, folds: k, seed, log } = request;
  const folder = newTrainedModelFolder(request.modelRoot, request.name);
  checkExamples(examples, k, request.lens);
  const encoderDir = modelFolder(request.encoder.options);
  if (!encoderDir) {
    throw new TrainingError(
      `encoder ${request.encoder.options.modelId}: its files are not in ${request.encoder.options.cacheDir}; run stancewatch models pull --model ${request.encoder.options.modelId}`,
    );
  }

  const embeddingStarted = performance.now();
  log?.(`embedding ${examples.length} texts with ${request.encoder.model.info.id}`);
  const { features, dims } = await embed(
    request.encoder.model,
    examples.map((e) => e.text),
    log,
  );
  const embeddingSeconds = (performance.now() - embeddingStarted) / 1000;

  const fittingStarted = performance.now();
  const set: TrainingSet = {
    features,
    dims,
    labels: Int32Array.from(examples, (e) => STANCE_LABELS.indexOf(e.label)),
    classes: STANCE_LABELS.length,
  };
  const strata = examples.map((e) => `${e.label}:${e.language}`);
  log?.(`cross-validating (${k} folds, penalty chosen inside each)`);
  const cv = crossValidate(set, strata, k, seed);
  const { head, choice } = fitFinal(set, seed);
  const fittingSeconds = (performance.now() - fittingStarted) / 1000;

  const gold = examples.map((e) => e.label);
  const languages = examples.map((e) => e.language);
  const trained = figures(
    gold,
    Array.from(cv.predicted, (c) => STANCE_LABELS[c]),
    languages,
    cv.folds,
    k,
  );
  const baseline = request.baseline
    ? { model: request.baseline.model, ...figures(gold, request.baseline.predicted, languages, cv.folds, k) }
    : null;
  const info = request.encoder.model.info;
  const report: TrainingReport = {
    model: `${TRAINED_PREFIX}${request.name}`,
    folder,
    lens: request.lens,
    source: request.source,
    encoder: { id: info.id, revision: info.revision, dtype: info.dtype, builtin: info.builtin },
    labels: { total: examples.length, byClass: countBy(gold), byLanguage: countBy(languages) },
    folds: k,
    seed,
    penalty: { l2: choice.l2, grid: L2_GRID, scores: choice.scores },
    crossValidated: { trained, baseline },
    seconds: { embedding: embeddingSeconds, fitting: fittingSeconds },
    trainedAt: new Date().toISOString(),
  };

  // The ONNX writer (onnx-proto) only when a model is written, not in every process that imports libs/nlp.
  const { classifierGraph, encoderGraphShape } = await import('./classifier-graph.js');
  await mkdir(join(request.modelRoot, TRAINED_PREFIX), { recursive: true });
  await writeModelFolder(
    folder,
    async (dir) => {
      await mkdir(join(dir, 'onnx'), { recursive: true });
      for (const file of COPIED_FILES) {
        if (existsSync(join(encoderDir, file))) await copyFile(join(encoderDir, file), join(dir, file));
      }
      const encoderConfig = JSON.parse(await readFile(join(encoderDir, 'config.json'), 'utf8'));
      const articleIds = examples.every((e) => e.articleId !== undefined)
        ? examples.map((e) => e.articleId!).sort((a, b) => a - b)
        : null;
      await writeFile(
        join(dir, 'config.json'),
        `${JSON.stringify(trainedConfig(encoderConfig, report, articleIds), null, 1)}\n`,
      );
      let written = 0;
      for (const dtype of DTYPES) {
        const source = join(encoderDir, weightFile(dtype));
        if (!existsSync(source)) continue;
        const encoderGraph = await readFile(source);
        const graph = classifierGraph(encoderGraph, encoderGraphShape(encoderGraph, source), head, {
          docString: `stancewatch trained stance classifier ${report.model} (lens ${report.lens}) on ${info.id}`,
          properties: { stancewatch_trained: report.model, encoder: info.id },
        });
        await writeFile(join(dir, weightFile(dtype)), graph);
        written += 1;
      }
      if (written === 0)
        throw new TrainingError(`encoder ${info.id}: no fp32 or q8 weights in ${encoderDir}/onnx`);
      await writeFile(join(dir, 'README.md'), modelCard(report));
    },
    { replace: false },
  );
  log?.(`wrote ${folder}`);
  return report;
}

const SEQUENCE_CLASSIFIER: Record<string, string> = {
  bert: 'BertForSequenceClassification',
  'xlm-roberta': 'XLMRobertaForSequenceClassification',
  roberta: 'RobertaForSequenceClassification',
  mpnet: 'MPNetForSequenceClassification',
  distilbert: 'DistilBertForSequenceClassification',
  'deberta-v2': 'DebertaV2ForSequenceClassification',
};

/** The encoder's config as a sequence classifier over the stance labels, with where it came from. */
function trainedConfig(
  encoder: Record<string, unknown>,
  report: TrainingReport,
  articleIds: number[] | null,
): object {
  const { stancewatch: encoderStamp, ...rest } = encoder as {
    stancewatch?: { builtin?: boolean };
    model_type?: string;
  };
  const modelType = String(rest.model_type ?? '');
  return {
    ...rest,
    _name_or_path: report.model,
    architectures: [SEQUENCE_CLASSIFIER[modelType] ?? `${modelType}ForSequenceClassification`],
    id2label: Object.fromEntries(STANCE_LABELS.map((label, id) => [String(id), label])),
    label2id: Object.fromEntries(STANCE_LABELS.map((label, id) => [label, id])),
    problem_type: 'single_label_classification',
    stancewatch: {
      // A head on the built-in encoder is as much a stand-in as the encoder: it says so.
      builtin: encoderStamp?.builtin === true,
      task: 'text-classification',
      trained: {
        lens: report.lens,
        source: report.source,
        encoder: report.encoder,
        labels: report.labels,
        folds: report.folds,
        seed: report.seed,
        penalty: report.penalty,
        cross_validated: report.crossValidated,
        trained_at: report.trainedAt,
        // The articles it was fitted on, so validation can hold them out (null: trained on a file).
        article_ids: articleIds,
      },
    },
  };
}
