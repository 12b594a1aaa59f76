import type { Database, Queryable } from '../../db/src/index.js';
import { ARTICLE_LANGUAGE, DAILY_OFFSETS_MINUTES, scoreSumsAdded } from '../../trends/src/index.js';
import { LANGUAGES } from '../../lens/src/index.js';

/** What the classifier reads of an article: the title with the summary, and the language. */
export interface ArticleText {
  id: number;
  title: string | null;
  summary: string | null;
  language: string | null;
}

/** An article a classify job reads, with the stance models that have scored it for the job's lens. */
export interface ArticleToScore extends ArticleText {
  scoredBy: string[];
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
  /** The NLI model that scored framing; null or absent when the stance model did. */
  framingModel?: string | null;
  sentimentLabel: 'negative' | 'neutral' | 'positive';
  sentimentScore: number;
  pCooperation: number;
  pConflict: number;
  framingScore: number;
  classifiedAt?: Date;
}

const SCORE_COLUMNS = `article_id AS "articleId", lens, model, model_revision AS "modelRevision",
  stance_label AS "stanceLabel", p_supportive AS "pSupportive", p_neutral AS "pNeutral", p_critical AS "pCritical",
  stance_score AS "stanceScore", sentiment_model AS "sentimentModel", framing_model AS "framingModel", sentiment_label AS "sentimentLabel",
  sentiment_score AS "sentimentScore", p_cooperation AS "pCooperation", p_conflict AS "pConflict",
  framing_score AS "framingScore", classified_at AS "classifiedAt"`;

/** Stance, sentiment and framing scores: one row per (article, lens, stance model), written idempotently. */
export class ScoreRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes a batch of scores (a row already there is left as it is), and adds the sums of the rows it
   * wrote, and only those, to the trend rollups: one statement, so one round trip and one commit per
   * batch, and work in proportion to the batch, not to its buckets. Returns the number of scores
   * written. Exact because the statement is atomic (a worker killed mid-batch leaves neither the
   * scores nor their sums) and a row already there (a retried or taken-over batch) is not written, so
   * not returned, so not added.
   */
  async insertScores(scores: ArticleScore[]): Promise<number> {
    if (scores.length === 0) return 0;
    return this.db.transaction(async (client) => {
      // Scores are derived data: if PostgreSQL itself crashes, the last batches committed within the
      // WAL writer's delay may be lost, scores and sums together (rollups stay exact), and the
      // backlog sweep queues those articles again within a minute. Not waiting for the WAL flush
      // saves about 2 ms of a batch's ~7 ms of storing.
      await client.query('SET LOCAL synchronous_commit = off');
      return insertWithSums(client, scores);
    });
  }

  /**
   * Those of these articles that are relevant to the lens, with their texts and the models that have
   * already scored them for it: what a classify job needs to read, in one round trip. The language is
   * the article's own, else its feed's when that is unknown or not one the lenses carry (the text is
   * then asked in English by the multilingual model); an article of an en, ru or zh feed that declares
   * none is left to its script, as before.
   */
  async toScore(articleIds: number[], lens: string): Promise<ArticleToScore[]> {
    // Named, so each connection parses and plans it once: it runs once per classify job.
    const result = await this.db.pool.query<ArticleToScore>({
      name: 'articles-to-score',
      text: `SELECT a.id, a.title, a.summary,
         coalesce(a.language, CASE WHEN f.language <> ALL ($3::text[]) THEN f.language END) AS language,
         ARRAY(SELECT s.model FROM article_scores s WHERE s.article_id = a.id AND s.lens = $2) AS "scoredBy"
       FROM articles a JOIN feeds f ON f.id = a.feed_id
       WHERE a.id = ANY($1::bigint[]) AND a.relevance ? $2 ORDER BY a.id`,
      values: [articleIds, lens, [...LANGUAGES]],
    });
    return result.rows;
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

  forArticle(articleId: number): Promise<ArticleScore[]> {
    return this.db.query<ArticleScore>(
      `SELECT ${SCORE_COLUMNS} FROM article_scores WHERE article_id = $1 ORDER BY lens, classified_at`,
      [articleId],
    );
  }
}

/** An INSERT statement and its parameters ($1 to $15), without a RETURNING clause. */
export interface ScoreInsertion {
  text: string;
  params: unknown[];
}

/**
 * The statement that writes a batch of scores, a row already there (a retried job) left as it is:
 * run inside the statement that also rolls up the rows it wrote (insertScores).
 */
export function scoreInsertion(scores: ArticleScore[]): ScoreInsertion {
  const column = <K extends keyof ArticleScore>(key: K) => scores.map((score) => score[key]);
  return {
    text: `INSERT INTO article_scores (article_id, lens, model, model_revision, stance_label, p_supportive, p_neutral,
         p_critical, stance_score, sentiment_model, sentiment_label, sentiment_score, p_cooperation, p_conflict,
         framing_score, framing_model)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::real[], $7::real[],
         $8::real[], $9::real[], $10::text[], $11::text[], $12::real[], $13::real[], $14::real[], $15::real[],
         $16::text[])
       ON CONFLICT (article_id, lens, model) DO NOTHING`,
    params: [
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
      scores.map((score) => score.framingModel ?? null),
    ],
  };
}

async function insertWithSums(client: Queryable, scores: ArticleScore[]): Promise<number> {
  const insertion = scoreInsertion(scores);
  // Named, so each connection parses and plans it once: that was a quarter of its time per batch.
  const result = await client.query<{ written: number }>({
    name: 'insert-scores-with-rollups',
    text: `WITH written AS (
         ${insertion.text}
         RETURNING article_id, lens, model, stance_label, p_supportive, p_neutral, p_critical, stance_score,
           sentiment_score, framing_score),
       scored AS (
         SELECT w.*, a.feed_id, a.published_at, ${ARTICLE_LANGUAGE} AS language
         FROM written w JOIN articles a ON a.id = w.article_id JOIN feeds f ON f.id = a.feed_id),
       ${scoreSumsAdded('scored', `$${insertion.params.length + 1}`)}
       SELECT count(*)::int AS written FROM written`,
    values: [...insertion.params, DAILY_OFFSETS_MINUTES],
  });
  return result.rows[0].written;
}
