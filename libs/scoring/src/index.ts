/** The classify use case: read articles, score them with the stance models, store the scores with their rollups; the backlog sweep; gold labels, their agreement, the validation of models against them, and how trends are corrected with them. The only entry into libs/scoring. */
export * from './article-classifier.js';
export * from './article-export.repository.js';
export * from './article-search.repository.js';
export * from './classify-backlog.js';
export * from './model.repository.js';
export * from './score.repository.js';
export * from './scoring.module.js';
export * from './agreement.js';
export * from './gold-labels.js';
export * from './label.repository.js';
export * from './proportional-quotas.js';
export * from './validation.js';
export * from './model-validation.js';
export * from './correction-plan.js';
export * from './training-examples.js';
export * from './vocabulary.js';
