import type { LensRelevance } from '../../../../libs/lens/src/index.js';

export interface FieldTerm {
  lens: string;
  field: 'title' | 'summary';
  start: number;
  end: number;
  term: string;
  group: 'sideA' | 'sideB' | 'bilateral';
}

/**
 * Where each lens's terms sit in an article's title and summary. Matched on the text relevance was decided
 * on at ingest (title, a newline, summary), with the lens's own filter, then split back into the two fields;
 * a multi-word term spanning the line break is shown in both.
 */
export function termsInArticle(
  article: { title: string | null; summary: string | null },
  lenses: readonly LensRelevance[],
): FieldTerm[] {
  const title = article.title ?? '';
  const summary = article.summary ?? '';
  const text = [article.title, article.summary].filter(Boolean).join('\n');
  // Where the summary starts in the joined text; past the end when there is no summary.
  const offset = title && summary ? title.length + 1 : title ? text.length + 1 : 0;
  const terms: FieldTerm[] = [];
  for (const { name, filter } of lenses)
    for (const { start, end, term, group } of filter.positions(text)) {
      const base = { lens: name, term, group };
      if (title && start < title.length)
        terms.push({ ...base, field: 'title', start, end: Math.min(end, title.length) });
      if (summary && end > offset)
        terms.push({ ...base, field: 'summary', start: Math.max(start, offset) - offset, end: end - offset });
    }
  return terms;
}
