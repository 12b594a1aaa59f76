import { createHash } from 'node:crypto';
import type { FeedItem } from '../feed-document.js';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The item's identity within its feed: the GUID when there is one, else the canonical URL, else the
 * title and date (miniflux's order). Null when the item has nothing to recognise it by.
 */
export function itemKey(item: FeedItem): Buffer | null {
  if (item.guid) return sha256(`guid:${item.guid}`);
  if (item.canonicalUrl ?? item.url) return sha256(`url:${item.canonicalUrl ?? item.url}`);
  if (item.title) return sha256(`title:${item.title}|${item.publishedAt?.toISOString() ?? ''}`);
  return null;
}

/** One article per canonical URL across all feeds; an item without a link is its own article. */
export function urlHash(item: FeedItem, feedId: number, key: Buffer): Buffer {
  const url = item.canonicalUrl ?? item.url;
  return url ? sha256(`url:${url}`) : sha256(`item:${feedId}:${key.toString('hex')}`);
}

/**
 * A normalised title that links the same story syndicated under different URLs. Short titles
 * ("World news", "Главное") would link unrelated stories, so they get no key.
 */
export function titleKey(title: string | null): string | null {
  if (!title) return null;
  const normalised = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const han = (normalised.match(/\p{Script=Han}/gu) ?? []).length;
  const words = normalised.split(' ').filter(Boolean).length;
  if (han >= 10 || words >= 5) return bounded(normalised);
  return null;
}

// A btree entry holds at most 2,704 bytes (PostgreSQL refuses a longer one, and with it the whole
// poll); a thousand CJK characters are 3,000. Longer keys keep their start and a digest of the whole,
// so equal titles still share a key and the key stays well under the limit.
const TITLE_KEY_MAX_CHARS = 200;

function bounded(key: string): string {
  if (key.length <= TITLE_KEY_MAX_CHARS) return key;
  return `${key.slice(0, TITLE_KEY_MAX_CHARS)}#${sha256(key).toString('hex')}`;
}
