import type { ArticleDraft } from '../repositories/article.repository.js';
import { itemKey, titleKey, urlHash } from '../dedupe/item-identity.js';
import type { FeedDocument } from '../feed-document.js';
import type { LensRelevance } from '../../../lens/src/index.js';

/** Turns a parsed feed into article drafts; items with nothing to identify them by are counted, not stored. */
export function articleDrafts(
  document: FeedDocument,
  feedId: number,
  fetchedAt: Date,
  lenses: LensRelevance[],
): { drafts: ArticleDraft[]; unidentifiable: number } {
  const drafts: ArticleDraft[] = [];
  let unidentifiable = 0;
  for (const item of document.items) {
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
  return { drafts, unidentifiable };
}
