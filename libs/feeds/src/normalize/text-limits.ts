import { plainText } from './text.js';

/**
 * How much of a title, summary or author the normaliser reads and keeps. A feed is one untrusted
 * document of up to 15 MiB: without these, one item could hand the classifier, the database and the
 * dashboard megabytes of "title". The kept lengths are far above anything real feeds send (the
 * conformance corpus peaks at 282, 17,293 and 125 characters); the read lengths bound the work spent
 * on one field before its markup is stripped.
 */
export interface TextLimit {
  /** Characters of the raw value (HTML or text) read at most. */
  maxRawChars: number;
  /** Characters of plain text kept at most. */
  maxChars: number;
}

export const TITLE_LIMIT: TextLimit = { maxRawChars: 16_000, maxChars: 1_000 };
export const SUMMARY_LIMIT: TextLimit = { maxRawChars: 512_000, maxChars: 32_000 };
export const AUTHOR_LIMIT: TextLimit = { maxRawChars: 3_200, maxChars: 200 };
/** Categories (tags) are names like authors. */
export const CATEGORY_LIMIT: TextLimit = AUTHOR_LIMIT;
/** Categories kept per item (the first distinct ones); real items carry a handful. */
export const CATEGORY_COUNT_LIMIT = 100;

/** The first `max` characters, never ending in half a surrogate pair. */
export function prefix(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = isHighSurrogate(value.charCodeAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end);
}

/** The raw HTML read of a field: a tag cut in half at the limit is dropped rather than shown as text. */
export function htmlPrefix(html: string, limit: TextLimit): string {
  if (html.length <= limit.maxRawChars) return html;
  const cut = prefix(html, limit.maxRawChars);
  const lastOpen = cut.lastIndexOf('<');
  return lastOpen >= 0 && cut.indexOf('>', lastOpen) < 0 ? cut.slice(0, lastOpen) : cut;
}

/** Plain text cut to the kept length (a cut never leaves a trailing space). */
export function capText(value: string | null, limit: TextLimit): string | null {
  if (value === null || value.length <= limit.maxChars) return value;
  return prefix(value, limit.maxChars).trimEnd();
}

/** Text that is plain by nature (names, tags): read and kept up to the limit. */
export function cappedPlainText(value: string | null | undefined, limit: TextLimit): string | null {
  return value ? capText(plainText(prefix(value, limit.maxRawChars)), limit) : null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
