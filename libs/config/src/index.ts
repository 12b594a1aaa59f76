export * from './app-config.js';
export * from './config.module.js';
export * from './process-start.js';
export * from './json-logger.js';
