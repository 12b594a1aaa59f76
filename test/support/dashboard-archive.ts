import { Prng } from '../../libs/feedgen/src/index.js';
import type { Database } from '../../libs/db/src/index.js';
import { type ArticleScore, ScoreRepository } from '../../libs/scoring/src/index.js';
import { TrendRollupRepository } from '../../libs/trends/src/index.js';

const LENS = 'russia-china';
const DAY_MS = 86_400_000;

/** Outlets like the demo's: [outlet, country, language, kind, stance lean]. */
const OUTLETS = [
  ['TASS', 'RU', 'ru', 'state', 0.45],
  ['RIA Novosti', 'RU', 'ru', 'state', 0.4],
  ['RT', 'RU', 'en', 'state', 0.5],
  ['Kommersant', 'RU', 'ru', 'independent', 0.05],
  ['Xinhua', 'CN', 'zh', 'state', 0.5],
  ['Global Times', 'CN', 'en', 'state', 0.45],
  ['Caixin', 'CN', 'zh', 'independent', 0.1],
  ['Reuters', 'INT', 'en', 'wire', -0.05],
  ['BBC News', 'INT', 'en', 'independent', -0.25],
  ['The Diplomat', 'INT', 'en', 'independent', -0.3],
] as const;

const HEADLINES = [
  'Moscow and Beijing pledge deeper partnership',
  'Russia and China sign new energy deal',
  'Analysts question limits of the Russia–China alignment',
  'Xi and Putin meet on the sidelines of the summit',
  'Sanctions test trade between Russia and China',
  'Joint naval drills raise concern among neighbours',
];

export interface ExtraArticle {
  title: string;
  publishedAt: Date;
  /** Index into the outlets (0 = TASS). */
  outlet: number;
}

function score(articleId: number, model: string, stance: number, random: Prng): ArticleScore {
  const s = Math.max(-1, Math.min(1, stance));
  const pNeutral = 0.1 + random.next() * 0.4;
  const pSupportive = ((1 + s) / 2) * (1 - pNeutral);
  const pCritical = ((1 - s) / 2) * (1 - pNeutral);
  const labels = ['supportive', 'neutral', 'critical'] as const;
  const probs = [pSupportive, pNeutral, pCritical];
  const pCooperation = Math.max(0, Math.min(1, 0.5 + s / 2 + (random.next() - 0.5) * 0.3));
  return {
    articleId,
    lens: LENS,
    model,
    modelRevision: 'main',
    stanceLabel: labels[probs.indexOf(Math.max(...probs))],
    pSupportive,
    pNeutral,
    pCritical,
    stanceScore: pSupportive - pCritical,
    sentimentModel: model,
    sentimentLabel: s > 0.2 ? 'positive' : s < -0.2 ? 'negative' : 'neutral',
    sentimentScore: s / 2,
    pCooperation,
    pConflict: 1 - pCooperation,
    framingScore: 2 * pCooperation - 1,
  };
}

/**
 * Ten outlets and `days` days of articles up to today (a critical burst 8 days ago), scored by `model`,
 * rollups refreshed; `extra` articles are relevant and scored too. Two feeds are left failing.
 */
export async function insertDashboardArchive(
  db: Database,
  options: { seed: number; days: number; model: string; extra?: ExtraArticle[] },
): Promise<{ feedIds: number[] }> {
  const random = new Prng(options.seed);
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  const feedIds: number[] = [];
  for (const [index, [outlet, country, language, kind]] of OUTLETS.entries()) {
    const failing = index === 3 || index === 6;
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind, last_polled_at, last_success_at, last_status, last_error, consecutive_failures)
       VALUES ($1, $2, $3, $4, $5, now() - interval '3 minutes', now() - interval '3 minutes', $6, $7, $8) RETURNING id`,
      [
        `https://feeds.example/${index}/rss`,
        outlet,
        country,
        language,
        kind,
        failing ? 'error' : 'ok',
        failing ? 'HTTP 503 Service Unavailable' : null,
        failing ? 2 : 0,
      ],
    );
    feedIds.push(row.id);
  }
  const planned: { feed: number; title: string; at: Date; relevant: boolean; stance: number }[] = [];
  for (let day = options.days - 1; day >= 0; day -= 1) {
    const burst = day === 8;
    for (const [index, outlet] of OUTLETS.entries()) {
      for (let k = random.int(1, burst ? 6 : 3); k > 0; k -= 1) {
        const at = new Date(today - day * DAY_MS + random.int(0, day === 0 ? 600 : 1439) * 60_000);
        const stance = (burst ? -0.7 : outlet[4]) + (random.next() - 0.5) * 0.8;
        planned.push({
          feed: feedIds[index],
          title: random.pick(HEADLINES),
          at,
          relevant: random.chance(0.65),
          stance,
        });
      }
    }
  }
  for (const extra of options.extra ?? [])
    planned.push({
      feed: feedIds[extra.outlet],
      title: extra.title,
      at: extra.publishedAt,
      relevant: true,
      stance: -0.5,
    });
  const ids: number[] = [];
  const scores: ArticleScore[] = [];
  for (const [i, article] of planned.entries()) {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       VALUES ($1, $2::text, sha256(convert_to($2::text, 'UTF8')), $3, 'en', $4, 'published', now(), $5, $6) RETURNING id`,
      [
        article.feed,
        `https://news.example/${options.seed}/${i}`,
        article.title,
        article.at,
        article.relevant ? { [LENS]: ['Russia', 'China'] } : {},
        article.relevant,
      ],
    );
    ids.push(row.id);
    if (article.relevant) scores.push(score(row.id, options.model, article.stance, random));
  }
  const rollups = new TrendRollupRepository(db);
  await db.transaction((client) => rollups.refreshVolume(client, ids));
  await new ScoreRepository(db).insertScores(scores);
  return { feedIds };
}
