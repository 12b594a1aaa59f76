export * from './job-options.js';
export * from './job-payloads.js';
export * from './queue-names.js';
export * from './queue.module.js';
export * from './redis-connection.js';
export * from './classify-producer.js';
