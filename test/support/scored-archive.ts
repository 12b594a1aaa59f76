import { Prng } from '../../libs/feedgen/src/index.js';
import type { Database } from '../../libs/db/src/index.js';
import type { ArticleScore } from '../../libs/scoring/src/index.js';

export interface ArchiveArticle {
  id: number;
  feedId: number;
  publishedAt: Date;
  relevant: boolean;
}

/** Random feeds and articles (a seeded PRNG) spread over `days`, many near local midnights. */
export async function insertRandomArchive(
  db: Database,
  options: { seed: number; feeds: number; articles: number; days: number; start: Date },
): Promise<{ feedIds: number[]; articles: ArchiveArticle[] }> {
  const random = new Prng(options.seed);
  const feedIds: number[] = [];
  for (let f = 0; f < options.feeds; f += 1) {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        `https://feed${f}.example/rss`,
        `Outlet ${f % 3}`,
        ['RU', 'CN', 'INT'][f % 3],
        ['ru', 'zh', 'en'][f % 3],
        ['state', 'independent', 'wire'][f % 3],
      ],
    );
    feedIds.push(row.id);
  }
  const articles: ArchiveArticle[] = [];
  for (let i = 0; i < options.articles; i += 1) {
    const day = random.int(0, options.days - 1);
    // A third of the articles fall within an hour of a UTC, Moscow or Beijing midnight.
    const minute = random.chance(0.33)
      ? random.pick([0, 21 * 60, 16 * 60]) + random.int(-59, 59)
      : random.int(0, 1439);
    const publishedAt = new Date(
      options.start.getTime() + day * 86_400_000 + minute * 60_000 + random.int(0, 59) * 1000,
    );
    const feedId = random.pick(feedIds);
    const relevant = random.chance(0.7);
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       VALUES ($1, $2::text, sha256(convert_to($2::text, 'UTF8')), $3, 'en', $4, 'published', now(), $5, $6) RETURNING id`,
      [
        feedId,
        `https://a.example/${options.seed}/${i}`,
        `Article ${i}`,
        publishedAt,
        relevant ? { 'russia-china': ['Putin'] } : {},
        relevant,
      ],
    );
    articles.push({ id: row.id, feedId, publishedAt, relevant });
  }
  return { feedIds, articles };
}

/** A random but valid score of an article by a model. */
export function randomScore(random: Prng, articleId: number, model: string): ArticleScore {
  const raw = [random.next() + 0.01, random.next() + 0.01, random.next() + 0.01];
  const total = raw[0] + raw[1] + raw[2];
  const [pSupportive, pNeutral, pCritical] = raw.map((p) => p / total);
  const labels = ['supportive', 'neutral', 'critical'] as const;
  const stanceLabel =
    labels[[pSupportive, pNeutral, pCritical].indexOf(Math.max(pSupportive, pNeutral, pCritical))];
  const pCooperation = random.next();
  const sentimentScore = Math.round((random.next() * 2 - 1) * 1000) / 1000;
  return {
    articleId,
    lens: 'russia-china',
    model,
    modelRevision: 'main',
    stanceLabel,
    pSupportive,
    pNeutral,
    pCritical,
    stanceScore: Math.max(-1, Math.min(1, pSupportive - pCritical)),
    sentimentModel: 'sentiment-model',
    sentimentLabel: sentimentScore > 0.2 ? 'positive' : sentimentScore < -0.2 ? 'negative' : 'neutral',
    sentimentScore,
    pCooperation,
    pConflict: 1 - pCooperation,
    framingScore: Math.max(-1, Math.min(1, 2 * pCooperation - 1)),
  };
}
