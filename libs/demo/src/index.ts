/** The offline demo that `stancewatch demo` runs: its catalogue of outlets, replayed feeds, alert and receiver. The only entry into libs/demo. */
export * from './demo-alert.js';
export * from './demo-catalogue.js';
export * from './demo-config.js';
export * from './demo-feeds.js';
export * from './demo-receiver.js';
export * from './demo-reset.js';
export * from './replay-server.js';
