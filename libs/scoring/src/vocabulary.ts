/**
 * The scoring library's vocabulary as plain values, importing nothing: read by the command line to
 * build its options without loading the library (see libs/feeds/src/vocabulary.ts).
 */
export const SAMPLE_STRATA = ['language', 'kind', 'outlet'] as const;
export type SampleStratum = (typeof SAMPLE_STRATA)[number];
