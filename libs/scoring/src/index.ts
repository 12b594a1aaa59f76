/** The classify use case: read articles, score them with the stance models, store the scores with their rollups; the backlog sweep; gold labels and their agreement. The only entry into libs/scoring. */
export * from './article-classifier.js';
export * from './article-search.repository.js';
export * from './classify-backlog.js';
export * from './model.repository.js';
export * from './score.repository.js';
export * from './scoring.module.js';
export * from './agreement.js';
export * from './gold-labels.js';
export * from './label.repository.js';
export * from './proportional-quotas.js';
export * from './vocabulary.js';
