/**
 * The feeds' vocabulary as plain values, importing nothing: the second entry into libs/feeds, for code
 * that needs the words but not the library (the command line builds its options from them before it
 * knows which command runs; loading the index would load parsers, Nest and BullMQ first).
 */
export const FEED_KINDS = ['state', 'independent', 'wire', 'aggregator'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** The formats `stancewatch import` and the import route read; 'auto' detects one from the content. */
export const IMPORT_FORMATS = ['auto', 'jsonl', 'gdelt-doc', 'gdelt-gkg', 'mediacloud-csv', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ConcreteImportFormat = Exclude<ImportFormat, 'auto'>;
