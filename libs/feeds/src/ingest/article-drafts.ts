import type { ArticleDraft } from '../repositories/article.repository.js';
import { itemKey, titleKey, urlHash } from '../dedupe/item-identity.js';
import type { FeedDocument } from '../feed-document.js';
import type { LensRelevance } from '../../../lens/src/index.js';
import { whyUnstorable } from './storable-item.js';

export interface ArticleDrafts {
  drafts: ArticleDraft[];
  /** Items with nothing to identify them by: counted, not stored. */
  unidentifiable: number;
  /** Items past the per-poll cap (the newest are kept). */
  dropped: number;
  /** Items PostgreSQL would refuse, by their index in the document and why: skipped, the rest stored. */
  unstorable: { index: number; reason: string }[];
}

/**
 * Turns a parsed feed into article drafts, at most `maxItems` of them, newest first (a feed's archive
 * of thousands would otherwise hold one poll's transaction and locks for minutes). What is not
 * turned into a draft is counted with why.
 */
export function articleDrafts(
  document: FeedDocument,
  feedId: number,
  fetchedAt: Date,
  lenses: LensRelevance[],
  maxItems: number = Infinity,
): ArticleDrafts {
  const drafts: ArticleDraft[] = [];
  const unstorable: ArticleDrafts['unstorable'] = [];
  let unidentifiable = 0;
  const kept = newestFirst(document.items, maxItems);
  for (const index of kept) {
    const item = document.items[index];
    const unfit = whyUnstorable(item);
    if (unfit !== null) {
      unstorable.push({ index, reason: unfit });
      continue;
    }
    const key = itemKey(item);
    if (key === null) {
      unidentifiable += 1;
      continue;
    }
    const text = [item.title, item.summary].filter(Boolean).join('\n');
    const relevance: Record<string, string[]> = {};
    for (const lens of lenses) {
      const match = lens.filter.match(text);
      if (match.relevant) relevance[lens.name] = match.terms;
    }
    drafts.push({
      feedId,
      itemKey: key,
      urlHash: urlHash(item, feedId, key),
      titleKey: titleKey(item.title),
      guid: item.guid,
      url: item.url,
      canonicalUrl: item.canonicalUrl,
      title: item.title,
      summary: item.summary,
      author: item.author,
      categories: item.categories,
      language: item.language ?? document.feed.language,
      publishedAt: item.publishedAt ?? fetchedAt,
      publishedAtSource: item.publishedAt ? (item.publishedAtSource ?? 'published') : 'fetched',
      fetchedAt,
      relevance,
      gdeltTone: item.gdeltTone ?? null,
    });
  }
  return { drafts, unidentifiable, dropped: document.items.length - kept.length, unstorable };
}

/**
 * The indexes of the `max` newest items, in the feed's order. Undated items rank after dated ones, in
 * the order the feed lists them (feeds list newest first far more often than not).
 */
function newestFirst(items: { publishedAt: Date | null }[], max: number): number[] {
  const all = items.map((_item, index) => index);
  if (items.length <= max) return all;
  const time = (index: number) => items[index].publishedAt?.getTime() ?? -Infinity;
  return all
    .sort((a, b) => time(b) - time(a) || a - b)
    .slice(0, max)
    .sort((a, b) => a - b);
}
