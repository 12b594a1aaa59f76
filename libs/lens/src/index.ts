/** Lenses as data, loaded from config/lenses.json: labels, languages, hypotheses, relevance terms and matching. The only entry into libs/lens. */
export * from './labels.js';
export * from './lens.js';
export * from './relevance/normalize-text.js';
export * from './relevance/relevance-filter.js';
export * from './relevance/term-pattern.js';
export * from './lenses.js';
export * from './lens.module.js';
