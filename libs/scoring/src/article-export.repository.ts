import type { Database } from '../../db/src/index.js';
import type { StanceLabel } from '../../lens/src/index.js';
import type { ArticleCursor } from './article-search.repository.js';
import { goldLabels } from './gold-labels.js';

/** The articles of one lens to export: relevant to it and published since ≤ t < until. */
export interface ArticleExportFilter {
  lens: string;
  since: Date | null;
  until: Date | null;
}

/** One row of an export: an article with one model's scores (all score fields null when none has scored it). */
export interface ArticleExportRow {
  articleId: number;
  publishedAt: Date;
  publishedAtSource: string;
  feedId: number;
  outlet: string;
  country: string;
  kind: string;
  language: string | null;
  title: string | null;
  url: string | null;
  summary: string | null;
  author: string | null;
  matchedTerms: string[];
  gdeltTone: number | null;
  model: string | null;
  modelRevision: string | null;
  stanceLabel: string | null;
  stanceScore: number | null;
  pSupportive: number | null;
  pNeutral: number | null;
  pCritical: number | null;
  sentimentModel: string | null;
  sentimentLabel: string | null;
  sentimentScore: number | null;
  framingModel: string | null;
  pCooperation: number | null;
  pConflict: number | null;
  framingScore: number | null;
  classifiedAt: Date | null;
  /** The annotators' majority label for this lens (null with no labels, or when they tie). */
  goldLabel: StanceLabel | null;
  /** How many annotators labelled the article for this lens. */
  labelCount: number;
}

export interface ArticleExportPage {
  rows: ArticleExportRow[];
  /** The last article of the page: pass it back for the next page; null when this page was the last. */
  next: ArticleCursor | null;
  articles: number;
}

type SqlRow = Omit<ArticleExportRow, 'goldLabel' | 'labelCount'> & {
  publishedMicros: number;
  labels: { annotator: string; label: StanceLabel }[] | null;
};

/**
 * Articles of a lens with their scores by every model and their gold labels, oldest first, one keyset
 * page of articles per query (never the whole table): what `stancewatch export` streams to files.
 */
export class ArticleExportRepository {
  constructor(private readonly db: Database) {}

  async page(
    filter: ArticleExportFilter,
    after: ArticleCursor | null,
    limit: number,
  ): Promise<ArticleExportPage> {
    const params: unknown[] = [filter.lens];
    const add = (value: unknown): string => `$${params.push(value)}`;
    const where = ['a.relevance ? $1'];
    if (filter.since) where.push(`a.published_at >= ${add(filter.since)}`);
    if (filter.until) where.push(`a.published_at < ${add(filter.until)}`);
    if (after)
      where.push(
        `(a.published_at, a.id) > ('epoch'::timestamptz + (${add(String(after.publishedMicros))} || ' microseconds')::interval, ${add(after.id)})`,
      );
    const rows = await this.db.query<SqlRow>(
      `WITH page AS (
         SELECT a.id, a.feed_id, a.title, a.url, a.summary, a.author, coalesce(a.language, f.language) AS language,
           a.published_at, a.published_at_source, a.gdelt_tone, f.outlet, f.country, f.kind,
           (extract(epoch FROM a.published_at) * 1000000)::bigint AS micros,
           coalesce(a.relevance -> $1, '[]'::jsonb) AS terms
         FROM articles a JOIN feeds f ON f.id = a.feed_id
         WHERE ${where.join(' AND ')}
         ORDER BY a.published_at, a.id
         LIMIT ${add(limit)}
       )
       SELECT p.id AS "articleId", p.published_at AS "publishedAt", p.micros AS "publishedMicros",
         p.published_at_source AS "publishedAtSource", p.feed_id AS "feedId", p.outlet, p.country, p.kind,
         p.language, p.title, p.url, p.summary, p.author, p.terms AS "matchedTerms", p.gdelt_tone AS "gdeltTone",
         s.model, s.model_revision AS "modelRevision", s.stance_label AS "stanceLabel",
         s.stance_score AS "stanceScore", s.p_supportive AS "pSupportive", s.p_neutral AS "pNeutral",
         s.p_critical AS "pCritical", s.sentiment_model AS "sentimentModel",
         s.sentiment_label AS "sentimentLabel", s.sentiment_score AS "sentimentScore",
         coalesce(s.framing_model, s.model) AS "framingModel", s.p_cooperation AS "pCooperation",
         s.p_conflict AS "pConflict", s.framing_score AS "framingScore", s.classified_at AS "classifiedAt",
         (SELECT json_agg(json_build_object('annotator', l.annotator, 'label', l.label))
            FROM article_labels l WHERE l.article_id = p.id AND l.lens = $1) AS labels
       FROM page p
       LEFT JOIN article_scores s ON s.article_id = p.id AND s.lens = $1
       ORDER BY p.published_at, p.id, s.model`,
      params,
    );
    let articles = 0;
    const out = rows.map(({ publishedMicros: _micros, labels, ...row }, i) => {
      if (i === 0 || rows[i - 1].articleId !== row.articleId) articles += 1;
      const votes = (labels ?? []).map((l) => ({ articleId: row.articleId, ...l }));
      return {
        ...row,
        goldLabel: goldLabels(votes).gold.get(row.articleId) ?? null,
        labelCount: votes.length,
      };
    });
    const last = rows.at(-1);
    return {
      rows: out,
      articles,
      next: last && articles === limit ? { publishedMicros: last.publishedMicros, id: last.articleId } : null,
    };
  }
}
