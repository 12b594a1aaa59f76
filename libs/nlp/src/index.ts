export * from './lens.js';
export * from './model-loader.js';
export * from './stance-classifier.js';
export * from './throughput.js';
export {
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
