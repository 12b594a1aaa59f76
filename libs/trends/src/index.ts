/** Trend rollups and the trend query: buckets, grouping, intervals, anomaly flags, corrections; the annotations charts draw. The only entry into libs/trends. */
export * from './time-zone.js';
export * from './trend-query.repository.js';
export * from './trend-rollup.repository.js';
export * from './trend-service.js';
export * from './student-t.js';
export * from './trend-stats.js';
export * from './trends.module.js';
export * from './source-stats.repository.js';
export * from './source-filter.js';
export * from './zone-agreement.js';
export * from './seeded-random.js';
export * from './share-correction.js';
export * from './correction-simulation.js';
export * from './trend-correction.js';
export * from './trend-columns.js';
export * from './annotation.repository.js';
