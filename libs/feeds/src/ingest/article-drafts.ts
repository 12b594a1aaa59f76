import type { ArticleDraft } from '../repositories/article.repository.js';
import { itemKey, titleKey, urlHash } from '../dedupe/item-identity.js';
import type { FeedDocument } from '../feed-document.js';
import type { LensRelevance } from '../../../lens/src/index.js';

/**
 * Turns a parsed feed into article drafts, at most `maxItems` of them, newest first (a feed's archive
 * of thousands would otherwise hold one poll's transaction and locks for minutes); items with nothing
 * to identify them by are counted, not stored, and so are the ones past the cap (`dropped`).
 */
export function articleDrafts(
  document: FeedDocument,
  feedId: number,
  fetchedAt: Date,
  lenses: LensRelevance[],
  maxItems: number = Infinity,
): { drafts: ArticleDraft[]; unidentifiable: number; dropped: number } {
  const drafts: ArticleDraft[] = [];
  let unidentifiable = 0;
  const items = newestFirst(document.items, maxItems);
  for (const item of items) {
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
    });
  }
  return { drafts, unidentifiable, dropped: document.items.length - items.length };
}

/**
 * The `max` newest items, in the feed's order. Undated items rank after dated ones, in the order the
 * feed lists them (feeds list newest first far more often than not).
 */
function newestFirst<T extends { publishedAt: Date | null }>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const ranked = items
    .map((item, index) => ({ index, time: item.publishedAt?.getTime() ?? -Infinity }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .slice(0, max);
  const kept = new Set(ranked.map((entry) => entry.index));
  return items.filter((_item, index) => kept.has(index));
}
