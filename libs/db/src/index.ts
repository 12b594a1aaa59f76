export * from './database.js';
export * from './db.module.js';
export * from './migrator.js';
export * from './project-root.js';
export * from './repositories/article.repository.js';
export * from './repositories/feed-poll.repository.js';
export * from './repositories/feed.repository.js';
