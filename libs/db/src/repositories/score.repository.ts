import type { Database, Queryable } from '../database.js';

/** What the classifier reads of an article: the title with the summary, and the language. */
export interface ArticleText {
  id: number;
  title: string | null;
  summary: string | null;
  language: string | null;
}

export interface ArticleScore {
  articleId: number;
  lens: string;
  model: string;
  modelRevision: string;
  stanceLabel: 'supportive' | 'neutral' | 'critical';
  pSupportive: number;
  pNeutral: number;
  pCritical: number;
  stanceScore: number;
  sentimentModel: string;
  sentimentLabel: 'negative' | 'neutral' | 'positive';
  sentimentScore: number;
  pCooperation: number;
  pConflict: number;
  framingScore: number;
  classifiedAt?: Date;
}

const SCORE_COLUMNS = `article_id AS "articleId", lens, model, model_revision AS "modelRevision",
  stance_label AS "stanceLabel", p_supportive AS "pSupportive", p_neutral AS "pNeutral", p_critical AS "pCritical",
  stance_score AS "stanceScore", sentiment_model AS "sentimentModel", sentiment_label AS "sentimentLabel",
  sentiment_score AS "sentimentScore", p_cooperation AS "pCooperation", p_conflict AS "pConflict",
  framing_score AS "framingScore", classified_at AS "classifiedAt"`;

/** Stance, sentiment and framing scores: one row per (article, lens, stance model), written idempotently. */
export class ScoreRepository {
  constructor(private readonly db: Database) {}

  /** The texts of those of these articles that are relevant to the lens. */
  texts(articleIds: number[], lens: string): Promise<ArticleText[]> {
    return this.db.query<ArticleText>(
      `SELECT id, title, summary, language FROM articles WHERE id = ANY($1::bigint[]) AND relevance ? $2 ORDER BY id`,
      [articleIds, lens],
    );
  }

  /** Which of these articles already have this lens's scores, as "articleId:model" keys. */
  async scoredBy(articleIds: number[], lens: string): Promise<Set<string>> {
    const rows = await this.db.query<{ key: string }>(
      `SELECT article_id || ':' || model AS key FROM article_scores WHERE article_id = ANY($1::bigint[]) AND lens = $2`,
      [articleIds, lens],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** Relevant articles with no scores for the lens from any of these models yet, newest first. */
  async backlog(
    lens: string,
    models: string[],
    options: { since?: Date | null; limit: number },
  ): Promise<number[]> {
    const rows = await this.db.query<{ id: number }>(
      `SELECT a.id FROM articles a
       WHERE a.is_relevant AND a.relevance ? $1 AND ($3::timestamptz IS NULL OR a.published_at >= $3)
         AND NOT EXISTS (SELECT 1 FROM article_scores s WHERE s.article_id = a.id AND s.lens = $1 AND s.model = ANY($2::text[]))
       ORDER BY a.published_at DESC, a.id DESC LIMIT $4`,
      [lens, models, options.since ?? null, options.limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Writes a batch of scores in one statement (all or nothing); a row already there (a retried job)
   * is left as it is. Returns the rows written.
   */
  async insertAll(scores: ArticleScore[], client: Queryable = this.db.pool): Promise<number> {
    if (scores.length === 0) return 0;
    const column = <K extends keyof ArticleScore>(key: K) => scores.map((score) => score[key]);
    const result = await client.query(
      `INSERT INTO article_scores (article_id, lens, model, model_revision, stance_label, p_supportive, p_neutral,
         p_critical, stance_score, sentiment_model, sentiment_label, sentiment_score, p_cooperation, p_conflict,
         framing_score)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::real[], $7::real[],
         $8::real[], $9::real[], $10::text[], $11::text[], $12::real[], $13::real[], $14::real[], $15::real[])
       ON CONFLICT (article_id, lens, model) DO NOTHING`,
      [
        column('articleId'),
        column('lens'),
        column('model'),
        column('modelRevision'),
        column('stanceLabel'),
        column('pSupportive'),
        column('pNeutral'),
        column('pCritical'),
        column('stanceScore'),
        column('sentimentModel'),
        column('sentimentLabel'),
        column('sentimentScore'),
        column('pCooperation'),
        column('pConflict'),
        column('framingScore'),
      ],
    );
    return result.rowCount ?? 0;
  }

  forArticle(articleId: number): Promise<ArticleScore[]> {
    return this.db.query<ArticleScore>(
      `SELECT ${SCORE_COLUMNS} FROM article_scores WHERE article_id = $1 ORDER BY lens, classified_at`,
      [articleId],
    );
  }
}
