export * from './app-config.js';
export * from './config.module.js';
export * from './process-start.js';
export * from './json-logger.js';
export * from './config-overrides.js';
export * from './read-json-file.js';
export * from './dot-env.js';
export * from './request-context.js';
// The variables and their rules, for what sets them from outside (deploy/kubernetes and its test).
export { environmentSchema } from './config.schema.js';
