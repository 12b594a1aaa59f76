/**
 * The feeds' vocabulary as plain values, importing nothing: the second entry into libs/feeds, for code
 * that needs the words but not the library (the command line builds its options from them before it
 * knows which command runs; loading the index would load parsers, Nest and BullMQ first).
 */
export const FEED_KINDS = ['state', 'independent', 'wire', 'aggregator'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];
