/**
 * The feeds' vocabulary as plain values, importing nothing: the second entry into libs/feeds, for code
 * that needs the words but not the library (the command line builds its options from them before it
 * knows which command runs; loading the index would load parsers, Nest and BullMQ first).
 */
export const FEED_KINDS = ['state', 'independent', 'wire', 'aggregator'] as const;

/**
 * A feed's country, language or kind that nobody gave and no poll has told yet (a feed imported from
 * a reader's OPML without flags, `feeds add` without --language): stored, filtered and shown as this
 * value, never replaced by a silent default. A poll replaces an unknown language by the one the feed
 * declares.
 */
export const UNKNOWN = 'unknown';
/** The kinds a feed row may hold: the four of FEED_KINDS, or unknown. */
export const FEED_KIND_VALUES = [...FEED_KINDS, UNKNOWN] as const;
export type FeedKind = (typeof FEED_KIND_VALUES)[number];

/** A country or language code as filters take it (RU, INT, en, zh …), or unknown (any case). */
export const FILTER_CODE = /^(?:[A-Za-z]{2,3}|unknown)$/i;
/** A country filter value as stored: upper-case codes, and unknown as it is. */
export const filterCountry = (code: string): string =>
  code.toLowerCase() === UNKNOWN ? UNKNOWN : code.toUpperCase();

/** The formats `stancewatch import` and the import route read; 'auto' detects one from the content. */
export const IMPORT_FORMATS = ['auto', 'jsonl', 'gdelt-doc', 'gdelt-gkg', 'mediacloud-csv', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ConcreteImportFormat = Exclude<ImportFormat, 'auto'>;
