/**
 * The database library's vocabulary as plain values, importing nothing: read by the command line to
 * build its options without loading pg (see libs/feeds/src/vocabulary.ts).
 */
export const API_SCOPES = ['read', 'admin', 'annotate'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
