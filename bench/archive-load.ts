import type { Database } from '../libs/db/src/index.js';
import { archiveFeeds, type ArchiveFeed } from './archive-feeds.js';

/** The synthetic archive: two years of articles from 60 feeds, 80% of them relevant and scored. */
export interface ArchiveSpec {
  seed: number;
  lens: string;
  model: string;
  /** First instant of the archive; it spans `days` days from there. */
  start: Date;
  days: number;
}

export interface LoadedArchive {
  feeds: (ArchiveFeed & { id: number })[];
  /** Articles in the archive (relevant or not) and scored articles, after the last load. */
  articles: number;
  scored: number;
}

/** Share of the articles that are relevant, and so scored: the rest only counts in the volume. */
export const SCORED_SHARE = 0.8;

/**
 * Creates the seeded uniform generator, `bench_uniform(g, stream)` in [0, 1): a hash of the article
 * number, so every article is the same on every run whatever the plan or the order of the rows.
 */
export async function prepareArchive(db: Database, spec: ArchiveSpec): Promise<LoadedArchive> {
  const seed = Math.trunc(spec.seed) * 64;
  await db.query(
    `CREATE OR REPLACE FUNCTION bench_uniform(g bigint, stream int) RETURNS float8
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS 'SELECT (hashint8extended(g, ${seed} + stream) & 9007199254740991)::float8 / 9007199254740992'`,
  );
  const feeds = archiveFeeds(spec.seed);
  const rows = await db.query<{ id: number }>(
    `INSERT INTO feeds (url, title, outlet, country, language, kind, origin)
     SELECT url, title, outlet, country, language, kind, 'cli'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS f(url, title, outlet, country, language, kind, ord)
     ORDER BY ord RETURNING id`,
    (['url', 'title', 'outlet', 'country', 'language', 'kind'] as const).map((field) =>
      feeds.map((feed) => feed[field]),
    ),
  );
  return { feeds: feeds.map((feed, i) => ({ ...feed, id: Number(rows[i].id) })), articles: 0, scored: 0 };
}

// Per article number g: its feed (skewed: the busiest feed brings ~6x the quietest), its instant
// (uniform over the span), whether it is relevant. Scores lean with the outlet's bias plus a slow
// yearly swing, so the series have shape.
const ARTICLE_ROWS = `SELECT g,
    1 + floor(60 * bench_uniform(g, 1) ^ 1.5)::int AS feed_index,
    bench_uniform(g, 2) AS t,
    $3::timestamptz + floor(bench_uniform(g, 2) * $4::float8) * interval '1 second' AS published_at,
    bench_uniform(g, 3) < ${SCORED_SHARE} AS relevant
  FROM generate_series($1::bigint, $2::bigint) AS g`;

/**
 * Adds articles number `from`..`to` (inclusive; their ids are their numbers) with the scores of the
 * relevant ones, in two set-based statements, then refreshes the planner's statistics. Loading
 * 1..n then n+1..m gives the same archive as loading 1..m at once.
 */
export async function loadArticles(
  db: Database,
  archive: LoadedArchive,
  spec: ArchiveSpec,
  from: number,
  to: number,
): Promise<LoadedArchive> {
  const feedIds = archive.feeds.map((feed) => feed.id);
  const span = [from, to, spec.start, spec.days * 86_400];
  await db.query(
    `INSERT INTO articles (id, feed_id, url, url_hash, title, language, published_at, published_at_source,
       fetched_at, relevance, is_relevant)
     SELECT x.g, ($5::bigint[])[x.feed_index], u.url, sha256(convert_to(u.url, 'UTF8')), 'Synthetic article ' || x.g,
       ($6::text[])[x.feed_index], x.published_at, 'published', x.published_at + interval '7 minutes',
       CASE WHEN x.relevant THEN $7::jsonb ELSE '{}'::jsonb END, x.relevant
     FROM (${ARTICLE_ROWS}) x, LATERAL (SELECT 'https://bench.example/a/' || x.g AS url) u`,
    [
      ...span,
      feedIds,
      archive.feeds.map((feed) => feed.language),
      JSON.stringify({ [spec.lens]: ['Putin', 'Xi Jinping'] }),
    ],
  );
  await db.query(
    `INSERT INTO article_scores (article_id, lens, model, model_revision, stance_label, p_supportive, p_neutral,
       p_critical, stance_score, sentiment_model, sentiment_label, sentiment_score, p_cooperation, p_conflict,
       framing_score, classified_at)
     SELECT g, $5, $6, 'bench',
       CASE WHEN ps >= pn AND ps >= pc THEN 'supportive' WHEN pn >= pc THEN 'neutral' ELSE 'critical' END,
       ps, pn, pc, ps - pc, 'bench-sentiment',
       CASE WHEN sentiment > 0.2 THEN 'positive' WHEN sentiment < -0.2 THEN 'negative' ELSE 'neutral' END,
       sentiment, cooperation, 1 - cooperation, 2 * cooperation - 1, published_at + interval '10 minutes'
     FROM (
       SELECT g, published_at, ws / (ws + wn + wc) AS ps, wn / (ws + wn + wc) AS pn, wc / (ws + wn + wc) AS pc,
         round((2 * bench_uniform(g, 7) - 1)::numeric, 3)::float8 AS sentiment, bench_uniform(g, 8) AS cooperation
       FROM (
         SELECT g, published_at,
           (bench_uniform(g, 4) + 0.05) * (1 + lean) AS ws,
           bench_uniform(g, 5) + 0.05 AS wn,
           (bench_uniform(g, 6) + 0.05) * (1 - lean) AS wc
         FROM (SELECT r.*, ($7::float8[])[r.feed_index] + 0.3 * sin(12.566 * r.t) AS lean
               FROM (${ARTICLE_ROWS}) r WHERE r.relevant) leaning
       ) weights
     ) scores`,
    [...span, spec.lens, spec.model, archive.feeds.map((feed) => feed.bias)],
  );
  await db.query(`SELECT setval('articles_id_seq', (SELECT max(id) FROM articles))`);
  await db.query(`VACUUM (ANALYZE) articles, article_scores`);
  const [counts] = await db.query<{ articles: string; scored: string }>(
    `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_scores) AS scored`,
  );
  return { ...archive, articles: Number(counts.articles), scored: Number(counts.scored) };
}
