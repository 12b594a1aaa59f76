import type { FeedItem } from '../feed-document.js';

/**
 * Characters of a link or GUID an article keeps. Past them an item is skipped: real links stop well
 * short of 2,000 characters (what browsers and crawlers keep working with), and a hostile one of
 * megabytes would otherwise be stored, returned and exported with every read of the article.
 */
export const LINK_MAX_CHARS = 4_096;
export const GUID_MAX_CHARS = 2_048;

/**
 * Why this item cannot be stored, in words an operator can act on; null when it can. A row PostgreSQL
 * refuses aborts the poll's whole transaction (every other item of the feed with it, and every poll
 * after it), so each item is checked before the transaction and a bad one is skipped and counted.
 * The reasons carry no item data, so that a poll can count them by reason.
 *
 * What the caps already rule out is not checked again: titles and summaries are capped in length
 * when normalised (text-limits.ts), which keeps the generated search column far under PostgreSQL's
 * 1 MiB tsvector limit, and the story title key is hashed past 200 characters.
 */
export function whyUnstorable(item: FeedItem): string | null {
  for (const [field, value] of textFields(item)) {
    if (value.includes('\u0000'))
      return `${field} holds a NUL character (U+0000), which PostgreSQL text cannot store`;
  }
  if ((item.url?.length ?? 0) > LINK_MAX_CHARS) return `link longer than ${LINK_MAX_CHARS} characters`;
  if ((item.guid?.length ?? 0) > GUID_MAX_CHARS) return `guid longer than ${GUID_MAX_CHARS} characters`;
  return null;
}

function textFields(item: FeedItem): [string, string][] {
  const fields: [string, string | null][] = [
    ['guid', item.guid],
    ['link', item.url],
    ['title', item.title],
    ['summary', item.summary],
    ['author', item.author],
    ['language', item.language],
    ...item.categories.map((category): [string, string] => ['category', category]),
  ];
  return fields.filter((field): field is [string, string] => field[1] !== null);
}
