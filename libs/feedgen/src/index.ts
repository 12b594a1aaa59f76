/** Generated feeds for tests, the demo and benchmarks: vocabulary, stance phrases, RSS and Atom text, hostile documents, a seeded PRNG. The only entry into libs/feedgen. */
export * from './feed-vocabulary.js';
export * from './feed-xml.js';
export * from './hostile-feeds.js';
export * from './prng.js';
export * from './stance-phrases.js';
