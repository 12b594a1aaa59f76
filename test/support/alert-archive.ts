import { randomBytes } from 'node:crypto';
import type { Database } from '../../libs/db/src/index.js';
import { TrendRollupRepository } from '../../libs/trends/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';

export const LENS = 'russia-china';
export const MODEL = 'model-a';

export interface ScoredDraft {
  publishedAt: Date;
  label: 'supportive' | 'neutral' | 'critical';
  title?: string;
  /** The article's own language; null: it declared none (its feed's counts). Default 'en'. */
  language?: string | null;
}

/** A feed of its own outlet, so each scenario's rules see only its own articles. */
export async function insertFeed(db: Database, outlet: string, country = 'RU'): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, $3, 'en', 'state') RETURNING id`,
    [`https://${randomBytes(4).toString('hex')}.example/rss`, outlet, country],
  );
  return row.id;
}

/**
 * Relevant articles with scores (stance +0.8 supportive, 0 neutral, -0.8 critical) and their hourly and
 * daily rollups, written the way the poller and the classifier write them.
 */
export async function insertScored(db: Database, feedId: number, drafts: ScoredDraft[]): Promise<number[]> {
  const ids: number[] = [];
  for (const draft of drafts) {
    const url = `https://a.example/${randomBytes(8).toString('hex')}`;
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       VALUES ($1, $2::text, sha256(convert_to($2::text, 'UTF8')), $3, $6, $4, 'published', now(), $5, true) RETURNING id`,
      [
        feedId,
        url,
        draft.title ?? 'Russia and China talk trade',
        draft.publishedAt,
        { [LENS]: ['Russia', 'China'] },
        draft.language === undefined ? 'en' : draft.language,
      ],
    );
    ids.push(row.id);
  }
  const stance = { supportive: 0.8, neutral: 0, critical: -0.8 };
  const rollups = new TrendRollupRepository(db);
  await new ScoreRepository(db).insertScores(
    drafts.map((draft, i) => ({
      articleId: ids[i],
      lens: LENS,
      model: MODEL,
      modelRevision: 'main',
      stanceLabel: draft.label,
      pSupportive: draft.label === 'supportive' ? 0.9 : 0.05,
      pNeutral: draft.label === 'neutral' ? 0.9 : 0.05,
      pCritical: draft.label === 'critical' ? 0.9 : 0.05,
      stanceScore: stance[draft.label],
      sentimentModel: 'sentiment-model',
      sentimentLabel: 'neutral',
      sentimentScore: 0,
      pCooperation: 0.5,
      pConflict: 0.5,
      framingScore: 0,
    })),
  );
  await db.transaction((client) => rollups.refreshVolume(client, ids));
  return ids;
}

export const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);
