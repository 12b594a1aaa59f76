import type {
  FeatureExtractionPipeline,
  ProgressInfo,
  TextClassificationPipeline,
  ZeroShotClassificationPipeline,
} from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importTransformers } from './transformers-runtime.js';

export type ModelDtype = 'fp32' | 'q8' | 'fp16' | 'q4';
export type ModelTask = 'zero-shot-classification' | 'text-classification' | 'feature-extraction';

export interface ModelLoadOptions {
  /** A hub id ("Xenova/nli-deberta-v3-xsmall") or a folder name under `localModelPath`. */
  modelId: string;
  revision?: string;
  dtype: ModelDtype;
  /** ONNX Runtime intra-op threads for this model's session. */
  threads: number;
  /** Where hub downloads are kept (and read back from when offline). */
  cacheDir: string;
  /** A folder holding models in Hugging Face layout, one sub-folder per model id. */
  localModelPath?: string;
  /** When true nothing is fetched: files come from `localModelPath` or `cacheDir`, or loading fails. */
  offline: boolean;
  /** Hub address (a mirror); defaults to the Hugging Face hub. */
  remoteHost?: string;
}

export interface ModelLogger {
  info(message: string, fields?: Record<string, unknown>): void;
}

export interface ModelInfo {
  id: string;
  revision: string;
  dtype: ModelDtype;
  task: ModelTask;
  labels: string[];
  /** Read from the model's own config.json (`stancewatch.builtin`), never from its id. */
  builtin: boolean;
}

interface PipelineOf {
  'zero-shot-classification': ZeroShotClassificationPipeline;
  'text-classification': TextClassificationPipeline;
  'feature-extraction': FeatureExtractionPipeline;
}

export interface LoadedModel<T extends ModelTask = ModelTask> {
  info: ModelInfo;
  pipeline: PipelineOf[T];
  dispose(): Promise<void>;
}

/** A model that cannot be loaded; the message says what to do about it. */
export class ModelLoadError extends Error {
  constructor(
    message: string,
    readonly modelId: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

/** Transformers.js's own settings before the first load changed them. */
let defaults: { remoteHost: string; localModelPath: string } | null = null;
const WEIGHT_FILE: Record<ModelDtype, string> = {
  fp32: 'onnx/model.onnx',
  q8: 'onnx/model_quantized.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q4: 'onnx/model_q4.onnx',
};

/**
 * Transformers.js keeps its settings in one global `env`, read while files are resolved. Loads are
 * queued so that two models configured differently cannot interleave their settings.
 */
let queue: Promise<unknown> = Promise.resolve();

async function configureEnv(options: ModelLoadOptions): Promise<void> {
  const { env } = await importTransformers();
  defaults ??= { remoteHost: env.remoteHost, localModelPath: env.localModelPath };
  env.allowRemoteModels = !options.offline;
  env.allowLocalModels = true;
  env.cacheDir = options.cacheDir;
  env.useFSCache = true;
  env.remoteHost = options.remoteHost ?? defaults.remoteHost;
  // Reset, not just set: a folder from an earlier load must not leak into this one.
  env.localModelPath = options.localModelPath ?? defaults.localModelPath;
}

function progressLogger(logger: ModelLogger | undefined, modelId: string) {
  if (!logger) return undefined;
  const reported = new Map<string, number>();
  return (event: ProgressInfo) => {
    if (event.status === 'download' || event.status === 'done') {
      logger.info(`model file ${event.status === 'done' ? 'ready' : 'loading'}`, {
        modelId,
        file: event.file,
      });
    } else if (event.status === 'progress') {
      // One line per quarter per file: enough to see a large download move without flooding the log.
      const quarter = Math.floor(event.progress / 25);
      if ((reported.get(event.file) ?? -1) >= quarter) return;
      reported.set(event.file, quarter);
      logger.info('model download progress', {
        modelId,
        file: event.file,
        percent: Math.round(event.progress),
        bytes: event.loaded,
        total: event.total,
      });
    } else if (event.status === 'ready') {
      logger.info('model ready', { modelId, task: event.task });
    }
  };
}

function explain(error: unknown, options: ModelLoadOptions, task: ModelTask): ModelLoadError {
  const cause = error instanceof Error ? error.message : String(error);
  const id = options.modelId;
  const missingFile = /file was not found locally at "([^"]+)"/.exec(cause)?.[1];
  if (missingFile) {
    const weights = Object.values(WEIGHT_FILE).some((file) => missingFile.endsWith(file))
      ? ` The model has no weights for dtype ${options.dtype} (${WEIGHT_FILE[options.dtype]}): choose a dtype whose file is in its onnx/ folder (fp32 → model.onnx, q8 → model_quantized.onnx).`
      : '';
    return new ModelLoadError(
      `Model "${id}" is not available offline: ${missingFile} is missing.${weights} Run \`stancewatch models pull\` on a machine with network access and keep its cache folder (${options.cacheDir}), or set MODEL_LOCAL_DIR to a folder that holds "${id}" in Hugging Face layout.`,
      id,
      { cause: error },
    );
  }
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network/i.test(cause)) {
    return new ModelLoadError(
      `Could not download model "${id}" from ${options.remoteHost ?? defaults?.remoteHost ?? 'the Hugging Face hub'} (${cause}). If this host cannot reach the Hugging Face hub, run \`stancewatch models pull\` where it can, copy the cache folder (${options.cacheDir}) here and set MODELS_OFFLINE=true.`,
      id,
      { cause: error },
    );
  }
  return new ModelLoadError(
    `Could not load model "${id}" for ${task} (dtype ${options.dtype}): ${cause}. Check the model id and revision.`,
    id,
    { cause: error },
  );
}

function labelsOf(config: unknown): string[] {
  const id2label = (config as { id2label?: Record<string, string> }).id2label ?? {};
  return Object.entries(id2label)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, label]) => label);
}

async function load<T extends ModelTask>(
  task: T,
  options: ModelLoadOptions,
  logger?: ModelLogger,
): Promise<LoadedModel<T>> {
  await configureEnv(options);
  const { pipeline } = await importTransformers();
  const revision = options.revision ?? 'main';
  logger?.info('loading model', {
    modelId: options.modelId,
    task,
    revision,
    dtype: options.dtype,
    offline: options.offline,
  });
  let loaded: PipelineOf[T];
  try {
    loaded = (await pipeline(task, options.modelId, {
      revision,
      dtype: options.dtype,
      device: 'cpu',
      cache_dir: options.cacheDir,
      local_files_only: options.offline,
      session_options: { intraOpNumThreads: options.threads, interOpNumThreads: 1 },
      progress_callback: progressLogger(logger, options.modelId),
    })) as PipelineOf[T];
  } catch (error) {
    throw explain(error, options, task);
  }
  const config = loaded.model.config as unknown as { stancewatch?: { builtin?: boolean } };
  return {
    pipeline: loaded,
    info: {
      id: options.modelId,
      revision,
      dtype: options.dtype,
      task,
      labels: labelsOf(config),
      builtin: config.stancewatch?.builtin === true,
    },
    dispose: () => loaded.dispose(),
  };
}

/** The one way a model is loaded, hub model or built-in alike (only the id and folder differ). */
export function loadModel<T extends ModelTask>(
  task: T,
  options: ModelLoadOptions,
  logger?: ModelLogger,
): Promise<LoadedModel<T>> {
  const next = queue.then(() => load(task, options, logger));
  queue = next.catch(() => undefined);
  return next;
}

/**
 * The folder that holds a loaded model's files: its own folder under `localModelPath`, else where
 * Transformers.js's file cache put the download (`cacheDir/<id>`, or `cacheDir/<id>/<revision>`
 * for a revision other than main). Null when neither has its config.json.
 */
export function modelFolder(options: ModelLoadOptions): string | null {
  const revision = options.revision ?? 'main';
  const candidates = [
    ...(options.localModelPath ? [join(options.localModelPath, options.modelId)] : []),
    revision === 'main'
      ? join(options.cacheDir, options.modelId)
      : join(options.cacheDir, options.modelId, revision),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'config.json'))) ?? null;
}

/** The weight file of each dtype, relative to a model's folder. */
export function weightFile(dtype: ModelDtype): string {
  return WEIGHT_FILE[dtype];
}
