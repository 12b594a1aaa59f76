/** The model loader, zero-shot and text-classification scoring, evaluation, training a head on a frozen encoder, the built-in models (and test fixtures for them). The only entry into libs/nlp. */
export * from './model-loader.js';
export * from './stance-classifier.js';
export {
  BUILTIN_ENCODER_MODEL,
  BUILTIN_NLI_DEBERTA_MODEL,
  BUILTIN_NLI_MODEL,
  BUILTIN_SENTIMENT_MODEL,
  ensureBuiltinModels,
  generateBuiltinModels,
  type BuiltinModels,
  type GenerateOptions,
} from './builtin/generate.js';
export * from './model-spec.js';
export * from './stance-models.js';
export * from './evaluation.js';
export * from './training/train-classifier.js';
export * from './training/trained-models.js';
export * from './nlp.module.js';
export * from './testing/fixtures.js';
export * from './testing/recording-hub.js';
