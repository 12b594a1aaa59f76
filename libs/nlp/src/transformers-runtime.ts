import type * as Transformers from '@huggingface/transformers';

type TransformersModule = typeof Transformers;

let importing: Promise<TransformersModule> | null = null;
let imported: TransformersModule | null = null;

/**
 * Transformers.js, imported on first use. Importing it costs about 45 MiB resident and 0.4 s, and a
 * worker that only polls feeds (or a CLI command that only reads) never loads a model.
 */
export function importTransformers(): Promise<TransformersModule> {
  importing ??= import('@huggingface/transformers').then((module) => (imported = module));
  return importing;
}

/** The module, for code that only runs on what a loaded model gave it (its tokenizer, its tensors). */
export function importedTransformers(): TransformersModule {
  if (!imported) throw new Error('Transformers.js is used before importTransformers() (load a model first)');
  return imported;
}
