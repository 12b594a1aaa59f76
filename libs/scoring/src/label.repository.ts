import type { Database } from '../../db/src/index.js';
import type { StanceLabel } from '../../lens/src/index.js';
import { ARTICLE_LANGUAGE } from '../../trends/src/index.js';
import { SCORE_ROW, withScore, type ArticleListScore } from './article-search.repository.js';
import type { LabelOfArticle } from './gold-labels.js';
import type { ScoredStance } from './validation.js';
import { proportionalQuotas, type Stratum } from './proportional-quotas.js';
import type { SampleStratum } from './vocabulary.js';

/** An annotator's label of an article for a lens, as stored: their latest. */
export interface StoredLabel {
  id: number;
  articleId: number;
  lens: string;
  annotator: string;
  label: StanceLabel;
  note: string | null;
  labelledAt: Date;
}

/** A label in the list, with what an analyst needs to recognise the article. */
export type ListedLabel = StoredLabel & {
  labelledMicros: number;
  url: string | null;
  title: string | null;
  outlet: string;
  kind: string;
  language: string | null;
};

/** Where a page of labels ends: the last row's label time (µs since 1970) and id. */
export interface LabelCursor {
  labelledMicros: number;
  id: number;
}

export interface LabelListFilter {
  lens: string | null;
  /** Only this article's labels. */
  article?: number | null;
  annotator: string | null;
  /** from ≤ labelled_at < to */
  from: Date | null;
  to: Date | null;
  after: LabelCursor | null;
  limit: number;
}

export interface LabelDraft {
  articleId: number;
  lens: string;
  annotator: string;
  label: StanceLabel;
  note: string | null;
}

export interface SampleRequest {
  lens: string;
  model: string;
  /** Articles this annotator labelled for the lens are not drawn. */
  annotator: string;
  n: number;
  seed: string;
  stratify: SampleStratum | null;
  /** from ≤ published_at < to */
  from: Date | null;
  to: Date | null;
}

export interface SampledArticle {
  id: number;
  title: string | null;
  summary: string | null;
  url: string | null;
  outlet: string;
  country: string;
  kind: string;
  language: string | null;
  publishedAt: Date;
  stratum: string;
  score: ArticleListScore | null;
}

export interface LabelSample {
  /** Articles that could be drawn: scored for the lens and model, not yet labelled by the annotator. */
  eligible: number;
  strata: (Stratum & { drawn: number })[];
  articles: SampledArticle[];
}

const LABEL_COLUMNS = `l.id, l.article_id AS "articleId", l.lens, l.annotator, l.label, l.note,
  l.labelled_at AS "labelledAt"`;

// What a sample is stratified by: a fixed expression per choice, never text from the request.
const STRATUM_SQL: Record<SampleStratum | 'none', string> = {
  language: `coalesce(${ARTICLE_LANGUAGE}, 'unknown')`,
  kind: 'f.kind',
  outlet: 'f.outlet',
  none: `'all'`,
};

/** Gold labels: stored, replaced, removed, listed in keyset pages, and samples of articles still to label. */
export interface LabelledArticleText {
  articleId: number;
  title: string;
  summary: string | null;
  language: string | null;
}

export class LabelRepository {
  constructor(private readonly db: Database) {}

  /** Stores the annotator's label (replacing theirs for this article and lens); null when there is no such article. */
  async put(draft: LabelDraft): Promise<StoredLabel | null> {
    const [row] = await this.db.query<StoredLabel>(
      `INSERT INTO article_labels AS l (article_id, lens, annotator, label, note)
       SELECT a.id, $2, $3, $4, $5 FROM articles a WHERE a.id = $1
       ON CONFLICT (article_id, lens, annotator) DO UPDATE
         SET label = EXCLUDED.label, note = EXCLUDED.note, labelled_at = clock_timestamp()
       RETURNING ${LABEL_COLUMNS}`,
      [draft.articleId, draft.lens, draft.annotator, draft.label, draft.note],
    );
    return row ?? null;
  }

  /** Removes the annotator's label; false when they had none for this article and lens. */
  async remove(articleId: number, lens: string, annotator: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM article_labels WHERE article_id = $1 AND lens = $2 AND annotator = $3 RETURNING id`,
      [articleId, lens, annotator],
    );
    return rows.length > 0;
  }

  /** Labels newest first (by label time, then id), one page after `after`. */
  async list(filter: LabelListFilter): Promise<ListedLabel[]> {
    const params: unknown[] = [];
    const add = (value: unknown): string => `$${params.push(value)}`;
    const where: string[] = [];
    if (filter.lens !== null) where.push(`l.lens = ${add(filter.lens)}`);
    if (filter.article) where.push(`l.article_id = ${add(filter.article)}`);
    if (filter.annotator !== null) where.push(`l.annotator = ${add(filter.annotator)}`);
    if (filter.from) where.push(`l.labelled_at >= ${add(filter.from)}`);
    if (filter.to) where.push(`l.labelled_at < ${add(filter.to)}`);
    if (filter.after)
      where.push(
        `(l.labelled_at, l.id) < ('epoch'::timestamptz + (${add(String(filter.after.labelledMicros))} || ' microseconds')::interval, ${add(filter.after.id)})`,
      );
    const rows = await this.db.query<ListedLabel>(
      `SELECT ${LABEL_COLUMNS}, (extract(epoch FROM l.labelled_at) * 1000000)::bigint AS "labelledMicros",
         a.url, a.title, f.outlet, f.kind, ${ARTICLE_LANGUAGE} AS language
       FROM article_labels l
       JOIN articles a ON a.id = l.article_id
       JOIN feeds f ON f.id = a.feed_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY l.labelled_at DESC, l.id DESC
       LIMIT ${add(filter.limit)}`,
      params,
    );
    return rows;
  }

  /** Every label of a lens with its article's language and kind: what gold labels and agreement are made of. */
  forLens(lens: string): Promise<LabelOfArticle[]> {
    return this.db.query<LabelOfArticle>(
      `SELECT l.article_id AS "articleId", l.annotator, l.label, ${ARTICLE_LANGUAGE} AS language, f.kind
         FROM article_labels l
         JOIN articles a ON a.id = l.article_id
         JOIN feeds f ON f.id = a.feed_id
         WHERE l.lens = $1
         ORDER BY l.article_id, l.annotator`,
      [lens],
    );
  }

  /** Title, summary and language of the labelled articles of a lens: what a classifier is trained on. */
  textsOfLabelled(lens: string): Promise<LabelledArticleText[]> {
    return this.db.query<LabelledArticleText>(
      `SELECT a.id AS "articleId", a.title, a.summary, ${ARTICLE_LANGUAGE} AS language
         FROM articles a
         JOIN feeds f ON f.id = a.feed_id
         WHERE a.id IN (SELECT article_id FROM article_labels WHERE lens = $1)
         ORDER BY a.id`,
      [lens],
    );
  }

  /** The scores of one model for the labelled articles of a lens: what validation compares the gold labels with. */
  async scoresOfLabelled(lens: string, model: string): Promise<ScoredStance[]> {
    const rows = await this.db.query<{
      articleId: number;
      label: StanceLabel;
      s: number;
      n: number;
      c: number;
    }>(
      `SELECT s.article_id AS "articleId", s.stance_label AS label, s.p_supportive AS s, s.p_neutral AS n,
         s.p_critical AS c
       FROM article_scores s
       WHERE s.lens = $1 AND s.model = $2
         AND s.article_id IN (SELECT article_id FROM article_labels WHERE lens = $1)`,
      [lens, model],
    );
    return rows.map((row) => ({
      articleId: row.articleId,
      label: row.label,
      probs: { supportive: row.s, neutral: row.n, critical: row.c },
    }));
  }

  /** The models that scored labelled articles of a lens, with how many: each can be validated. */
  modelsOfLabelled(lens: string): Promise<{ model: string; scored: number }[]> {
    return this.db.query(
      `SELECT s.model, count(*)::int AS scored
       FROM article_scores s
       WHERE s.lens = $1 AND s.article_id IN (SELECT article_id FROM article_labels WHERE lens = $1)
       GROUP BY s.model
       ORDER BY scored DESC, s.model`,
      [lens],
    );
  }

  /** A lens's labels and one model's scores of the labelled articles: what validation and correction compare. */
  async goldSet(lens: string, model: string): Promise<{ labels: LabelOfArticle[]; scores: ScoredStance[] }> {
    const [labels, scores] = await Promise.all([this.forLens(lens), this.scoresOfLabelled(lens, model)]);
    return { labels, scores };
  }

  /** Article ids by URL (as stored), for labels given by URL. */
  async articleIdsByUrl(urls: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ url: string; id: number }>(
      `SELECT DISTINCT ON (url) url, id FROM articles WHERE url = ANY($1::text[]) ORDER BY url, id`,
      [urls],
    );
    return new Map(rows.map((row) => [row.url, row.id]));
  }

  /**
   * A random sample of the articles scored for the lens and model that the annotator has not
   * labelled. The order is md5(seed:id), so a seed gives the same draw again, and after labelling
   * part of it the rest comes back in the same order. Stratified, each stratum gets its proportional
   * quota (largest remainder) and its first articles in that order.
   */
  async sample(request: SampleRequest): Promise<LabelSample> {
    const stratum = STRATUM_SQL[request.stratify ?? 'none'];
    const params: unknown[] = [request.lens, request.model, request.annotator];
    const add = (value: unknown): string => `$${params.push(value)}`;
    const period: string[] = [];
    if (request.from) period.push(`AND a.published_at >= ${add(request.from)}`);
    if (request.to) period.push(`AND a.published_at < ${add(request.to)}`);
    const eligible = `FROM article_scores s
       JOIN articles a ON a.id = s.article_id
       JOIN feeds f ON f.id = a.feed_id
       WHERE s.lens = $1 AND s.model = $2 ${period.join(' ')}
         AND NOT EXISTS (SELECT 1 FROM article_labels l
                         WHERE l.article_id = a.id AND l.lens = $1 AND l.annotator = $3)`;
    const counted = await this.db.query<Stratum>(
      `SELECT ${stratum} AS key, count(*)::int AS eligible ${eligible} GROUP BY 1 ORDER BY 1`,
      [...params],
    );
    const quotas = proportionalQuotas(counted, request.n);
    const keys = [...quotas.keys()];
    const draw = `md5(${add(request.seed)} || ':' || a.id)`;
    const rows = await this.db.query<SampledArticle & { scoreRow: ArticleListScore | null }>(
      `WITH ranked AS (
         SELECT a.id, ${stratum} AS stratum, ${draw} AS draw,
           row_number() OVER (PARTITION BY ${stratum} ORDER BY ${draw}, a.id) AS rank
         ${eligible}
       )
       SELECT a.id, a.title, a.summary, a.url, f.outlet, f.country, f.kind, ${ARTICLE_LANGUAGE} AS language,
         a.published_at AS "publishedAt", r.stratum, ${SCORE_ROW} AS "scoreRow"
       FROM ranked r
       JOIN unnest(${add(keys)}::text[], ${add(keys.map((key) => quotas.get(key)))}::int[]) AS q (stratum, quota)
         ON q.stratum = r.stratum AND r.rank <= q.quota
       JOIN articles a ON a.id = r.id
       JOIN feeds f ON f.id = a.feed_id
       LEFT JOIN article_scores s ON s.article_id = a.id AND s.lens = $1 AND s.model = $2
       ORDER BY r.draw, r.id`,
      params,
    );
    return {
      eligible: counted.reduce((sum, row) => sum + row.eligible, 0),
      strata: counted.map((row) => ({ ...row, drawn: quotas.get(row.key) ?? 0 })),
      articles: rows.map(withScore),
    };
  }
}
