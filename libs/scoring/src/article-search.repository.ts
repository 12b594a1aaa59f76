import type { Database } from '../../db/src/index.js';
import { ARTICLE_LANGUAGE, sourceConditions } from '../../trends/src/index.js';
import type { ArticleScore } from './score.repository.js';

/** Where a page of articles ends: the last row's publication time (in microseconds since 1970) and id. */
export interface ArticleCursor {
  publishedMicros: number;
  id: number;
}

export interface ArticleSearchFilter {
  lens: string;
  /** The stance model whose scores are shown and filtered on. */
  model: string;
  /** from ≤ published_at < to */
  from: Date | null;
  to: Date | null;
  feedIds: number[];
  outlets: string[];
  countries: string[];
  languages: string[];
  kinds: string[];
  /** Full-text query (web-search syntax for English and Russian; Han runs matched as substrings). */
  q: string | null;
  labels: string[];
  minScore: number | null;
  maxScore: number | null;
  /** Relevant to the lens (true), not relevant (false), or either (null). */
  relevant: boolean | null;
  after: ArticleCursor | null;
  limit: number;
}

/** A score as the article list shows it: the stored score without its keys. */
export type ArticleListScore = Omit<ArticleScore, 'articleId' | 'lens'> & { classifiedAt: Date };

export interface ArticleListRow {
  id: number;
  feedId: number;
  title: string | null;
  url: string | null;
  outlet: string;
  country: string;
  kind: string;
  language: string | null;
  publishedAt: Date;
  publishedMicros: number;
  relevant: boolean;
  matchedTerms: string[];
  /** GDELT's document tone, for articles imported from GKG; null otherwise. */
  gdeltTone: number | null;
  score: ArticleListScore | null;
}

// The same ranges as the partial trigram index (migrations/1764350000000_article-search-trgm.sql).
const HAN_RUN = /[\u3400-\u4DBF\u4E00-\u9FFF]+/gu;
const HAN_TEXT = `(coalesce(a.title, '') || ' ' || coalesce(a.summary, ''))`;
const HAN_PREDICATE = `${HAN_TEXT} ~ '[㐀-䶿一-鿿]'`;

/**
 * Splits a query into runs of Han characters, matched as substrings, and the rest, matched by
 * full-text search: Chinese has no spaces, so the 'simple' tokens of a Chinese headline are whole
 * phrases that a word from it cannot match.
 */
export function splitSearchText(q: string): { fullText: string | null; hanTerms: string[] } {
  const hanTerms = [...new Set(q.match(HAN_RUN) ?? [])];
  const rest = q.replace(HAN_RUN, ' ').replace(/\s+/g, ' ').trim();
  return { fullText: /[\p{L}\p{N}]/u.test(rest) ? rest : null, hanTerms };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Article lists for the API: filters, full-text search and keyset pagination, newest first. */
export class ArticleSearchRepository {
  constructor(private readonly db: Database) {}

  async search(filter: ArticleSearchFilter): Promise<ArticleListRow[]> {
    const params: unknown[] = [filter.lens, filter.model];
    const add = (value: unknown): string => `$${params.push(value)}`;
    const where = conditions(filter, add);
    const rows = await this.db.query<ArticleListRow & { scoreRow: ArticleListScore | null }>(
      `SELECT a.id, a.feed_id AS "feedId", a.title, a.url, f.outlet, f.country, f.kind,
         coalesce(a.language, f.language) AS language, a.published_at AS "publishedAt",
         (extract(epoch FROM a.published_at) * 1000000)::bigint AS "publishedMicros",
         a.relevance ? $1 AS relevant, coalesce(a.relevance -> $1, '[]'::jsonb) AS "matchedTerms",
         a.gdelt_tone AS "gdeltTone",
         ${SCORE_ROW} AS "scoreRow"
       FROM articles a
       JOIN feeds f ON f.id = a.feed_id
       LEFT JOIN article_scores s ON s.article_id = a.id AND s.lens = $1 AND s.model = $2
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.published_at DESC, a.id DESC
       LIMIT ${add(filter.limit)}`,
      params,
    );
    return rows.map(withScore);
  }
}

/** The score `s` (LEFT JOINed article_scores) as one JSON value, null without one; read back by `withScore`. */
export const SCORE_ROW = `CASE WHEN s.article_id IS NULL THEN NULL ELSE json_build_object(
  'model', s.model, 'modelRevision', s.model_revision, 'stanceLabel', s.stance_label,
  'stanceScore', s.stance_score, 'pSupportive', s.p_supportive, 'pNeutral', s.p_neutral,
  'pCritical', s.p_critical, 'sentimentModel', s.sentiment_model, 'sentimentLabel', s.sentiment_label,
  'sentimentScore', s.sentiment_score, 'framingScore', s.framing_score, 'framingModel', s.framing_model,
  'pCooperation', s.p_cooperation, 'pConflict', s.p_conflict, 'classifiedAt', s.classified_at) END`;

/** A row selected with SCORE_ROW as "scoreRow", with its score as the list shows it. */
export function withScore<Row extends { scoreRow: ArticleListScore | null }>({
  scoreRow,
  ...row
}: Row): Omit<Row, 'scoreRow'> & { score: ArticleListScore | null } {
  return { ...row, score: scoreRow ? { ...scoreRow, classifiedAt: new Date(scoreRow.classifiedAt) } : null };
}

function conditions(filter: ArticleSearchFilter, add: (value: unknown) => string): string[] {
  const where: string[] = [];
  if (filter.from) where.push(`a.published_at >= ${add(filter.from)}`);
  if (filter.to) where.push(`a.published_at < ${add(filter.to)}`);
  const sources = {
    feed: filter.feedIds,
    outlet: filter.outlets,
    country: filter.countries,
    language: filter.languages,
    kind: filter.kinds,
  };
  where.push(sourceConditions(sources, add, ARTICLE_LANGUAGE));
  if (filter.relevant !== null) where.push(`${filter.relevant ? '' : 'NOT '}(a.relevance ? $1)`);
  if (filter.labels.length) where.push(`s.stance_label = ANY(${add(filter.labels)}::text[])`);
  if (filter.minScore !== null) where.push(`s.stance_score >= ${add(filter.minScore)}`);
  if (filter.maxScore !== null) where.push(`s.stance_score <= ${add(filter.maxScore)}`);
  if (filter.q) where.push(...textConditions(filter.q, add));
  if (filter.after) {
    where.push(
      `(a.published_at, a.id) < ('epoch'::timestamptz + (${add(String(filter.after.publishedMicros))} || ' microseconds')::interval, ${add(filter.after.id)})`,
    );
  }
  return where;
}

/**
 * English and Russian words go through `articles.search` with the three configurations the column
 * was built with, OR-ed, so a word stemmed either way (or not at all) matches. Each Han run must
 * appear in the title or summary; the repeated predicate lets the planner use the partial trigram index.
 */
function textConditions(q: string, add: (value: unknown) => string): string[] {
  const { fullText, hanTerms } = splitSearchText(q);
  const where: string[] = [];
  if (fullText) {
    const p = add(fullText);
    where.push(
      `a.search @@ (websearch_to_tsquery('english', ${p}) || websearch_to_tsquery('russian', ${p}) || websearch_to_tsquery('simple', ${p}))`,
    );
  }
  for (const term of hanTerms)
    where.push(`${HAN_PREDICATE} AND ${HAN_TEXT} LIKE ${add(`%${escapeLike(term)}%`)}`);
  return where;
}
