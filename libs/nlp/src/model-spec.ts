import { join } from 'node:path';
import type { ModelSettings } from '../../config/src/index.js';
import { BUILTIN_ENCODER_MODEL, BUILTIN_NLI_MODEL, BUILTIN_SENTIMENT_MODEL } from './builtin/builtin-ids.js';
import type { ModelLoadOptions } from './model-loader.js';

/** The name operators use for the model stancewatch generates itself (tests, CI, the offline demo). */
export const BUILTIN = 'builtin';
/** SENTIMENT_MODEL=nli: sentiment from the stance model itself, with tone hypotheses (one instrument). */
export const SENTIMENT_BY_NLI = 'nli';

export type ModelRole = 'nli' | 'sentiment' | 'encoder';

/** Trained classifiers are folders under MODEL_LOCAL_DIR/trained/, never looked up on a hub. */
export const TRAINED_MODEL_PREFIX = 'trained/';

const BUILTIN_BY_ROLE: Record<ModelRole, string> = {
  nli: BUILTIN_NLI_MODEL,
  sentiment: BUILTIN_SENTIMENT_MODEL,
  encoder: BUILTIN_ENCODER_MODEL,
};

/** Where the built-in models are generated: a folder of the model cache. */
export function builtinRoot(settings: ModelSettings): string {
  return join(settings.cacheDir, BUILTIN);
}

/**
 * Turns a configured model name into load options. `builtin` names a local folder that is
 * generated (from the lexicons in the repository) when missing or stale, and is read with remote
 * models off; everything after this point treats it like any other model in Hugging Face layout.
 */
export async function resolveModel(
  name: string,
  role: ModelRole,
  settings: ModelSettings,
): Promise<ModelLoadOptions> {
  const common = {
    revision: settings.revision,
    dtype: settings.dtype,
    threads: settings.threads,
    cacheDir: settings.cacheDir,
  };
  if (name === BUILTIN) {
    const root = builtinRoot(settings);
    // Loaded on demand: the API only needs the ids above, not the generator.
    const { ensureBuiltinModels } = await import('./builtin/generate.js');
    await ensureBuiltinModels(root);
    return {
      ...common,
      modelId: BUILTIN_BY_ROLE[role],
      localModelPath: root,
      offline: true,
    };
  }
  if (name.startsWith(TRAINED_MODEL_PREFIX)) {
    // A name under trained/ is the analysts' own: a hub repository of that name must never stand in for it.
    return { ...common, modelId: name, localModelPath: settings.localDir, offline: true };
  }
  return {
    ...common,
    modelId: name,
    localModelPath: settings.localDir,
    offline: settings.offline,
    // MODEL_HUB_URL: a mirror, or a hub in tests; Transformers.js's own default otherwise.
    ...(settings.hubUrl ? { remoteHost: settings.hubUrl } : {}),
  };
}

/** The id a model's scores are filed under, without loading or generating anything. */
export function modelIdFor(name: string, role: ModelRole): string {
  return name === BUILTIN ? BUILTIN_BY_ROLE[role] : name;
}

/** The ids of the configured stance models (the multilingual one too, when set). */
export function configuredNliModelIds(settings: ModelSettings): string[] {
  return [settings.nliModel, settings.nliModelMultilingual].flatMap((name) =>
    name ? [modelIdFor(name, 'nli')] : [],
  );
}
