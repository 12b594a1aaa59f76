export * from './http-metrics.js';
export * from './metrics.js';
export * from './metrics.module.js';
export * from './queue-metrics.js';
export * from './registry.js';
export * from './state-metrics.js';
