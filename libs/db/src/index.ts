export * from './database.js';
export * from './db.module.js';
export * from './migrator.js';
export * from './project-root.js';
export * from './named-params.js';
export * from './backend-unavailable.js';
export * from './repositories/api-key.repository.js';
export * from './vocabulary.js';
