/**
 * What the fault tests check after the dust settles: each article scored exactly once, and the trend
 * rollups equal to a recount from the raw rows.
 */
import type { Database } from '../../libs/db/src/index.js';
import { TrendRollupRepository } from '../../libs/trends/src/index.js';

/** Inserts `count` relevant English articles on one feed, a minute apart, alternating in tone. */
export async function insertRelevantArticles(db: Database, feedId: number, count: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
     SELECT $1::bigint, 'https://wire.example/' || $1::text || '/' || i, sha256(('https://wire.example/' || $1::text || '/' || i)::bytea),
       CASE WHEN i % 2 = 0 THEN 'Moscow and Beijing pledge deeper friendship and trade, report ' || i
            ELSE 'Russia and China alliance threatens security, critics warn, report ' || i END,
       repeat('Officials in Moscow and Beijing discussed energy, sanctions, payments and security. ', 6),
       'en', now() - i * interval '7 minutes', 'published', now(), '{"russia-china": ["Moscow", "Beijing"]}', true
     FROM generate_series(1, $2) AS i
     RETURNING id`,
    [feedId, count],
  );
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

export async function insertFeed(db: Database, url = 'https://wire.example/rss'): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, 'Wire', 'INT', 'en', 'wire') RETURNING id`,
    [url],
  );
  return id;
}

export async function scoredCount(db: Database): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`))[0].n;
}

/** Scores per (article, lens): any value other than 1 is a lost or a doubled score. */
export async function scoresPerArticle(
  db: Database,
  articleIds: number[],
): Promise<{ missing: number; doubled: number; scored: number }> {
  const [row] = await db.query<{ missing: number; doubled: number; scored: number }>(
    `SELECT count(*) FILTER (WHERE n = 0)::int AS missing, count(*) FILTER (WHERE n > 1)::int AS doubled,
       count(*) FILTER (WHERE n = 1)::int AS scored
     FROM (SELECT a.id, count(s.article_id) AS n FROM unnest($1::bigint[]) AS a(id)
           LEFT JOIN article_scores s ON s.article_id = a.id AND s.lens = 'russia-china' GROUP BY a.id) per`,
    [articleIds],
  );
  return row;
}

interface TrendRow {
  key: string;
  n: number;
  nSupportive: number;
  nNeutral: number;
  nCritical: number;
  sumStance: number;
  sumSentiment: number;
  sumFraming: number;
  sumPSupportive: number;
  sumPNeutral: number;
  sumPCritical: number;
}

const TREND_COLUMNS = `n, n_supportive AS "nSupportive", n_neutral AS "nNeutral", n_critical AS "nCritical",
  sum_stance AS "sumStance", sum_sentiment AS "sumSentiment", sum_framing AS "sumFraming",
  sum_p_supportive AS "sumPSupportive", sum_p_neutral AS "sumPNeutral", sum_p_critical AS "sumPCritical"`;

async function trendRows(db: Database): Promise<TrendRow[]> {
  return db.query<TrendRow>(
    `SELECT 'h|' || lens || '|' || model || '|' || feed_id || '|' || language || '|' || bucket AS key, ${TREND_COLUMNS}
     FROM trend_hourly
     UNION ALL
     SELECT 'd|' || lens || '|' || model || '|' || feed_id || '|' || language || '|' || offset_minutes || '|' || day,
       ${TREND_COLUMNS} FROM trend_daily
     ORDER BY key`,
  );
}

/**
 * The rollups as the workers left them, and as `rollups rebuild` recomputes them from the raw rows
 * (this rebuilds them in place), with an independent count of scores per hour for good measure.
 */
export async function rollupsAgainstRecount(db: Database): Promise<{
  incremental: TrendRow[];
  rebuilt: TrendRow[];
  hourlyCounts: { fromRollups: number; fromScores: number };
}> {
  const incremental = await trendRows(db);
  await new TrendRollupRepository(db).rebuild(null);
  const rebuilt = await trendRows(db);
  const [counts] = await db.query<{ fromRollups: number; fromScores: number }>(
    `SELECT (SELECT coalesce(sum(n), 0)::int FROM trend_hourly) AS "fromRollups",
            (SELECT count(*)::int FROM article_scores s JOIN articles a ON a.id = s.article_id) AS "fromScores"`,
  );
  return { incremental, rebuilt, hourlyCounts: counts };
}

/** Expects the incremental rollups to equal the rebuilt ones: the same buckets, counts exactly, sums to 1e-9. */
export function expectRollupsExact(result: Awaited<ReturnType<typeof rollupsAgainstRecount>>): void {
  const rebuilt = new Map(result.rebuilt.map((row) => [row.key, row]));
  const mismatches = result.incremental.filter((row) => {
    const other = rebuilt.get(row.key);
    if (!other) return true;
    const counts = (r: TrendRow) => [r.n, r.nSupportive, r.nNeutral, r.nCritical].join(',');
    const sums = (r: TrendRow) => [
      r.sumStance,
      r.sumSentiment,
      r.sumFraming,
      r.sumPSupportive,
      r.sumPNeutral,
      r.sumPCritical,
    ];
    const close = sums(row).every((value, i) => Math.abs(value - sums(other)[i]) < 1e-9);
    return counts(row) !== counts(other) || !close;
  });
  expect(result.incremental.length).toBeGreaterThan(0);
  expect(mismatches).toEqual([]);
  expect(result.incremental.map((row) => row.key)).toEqual(result.rebuilt.map((row) => row.key));
  expect(result.hourlyCounts.fromRollups).toBe(result.hourlyCounts.fromScores);
}
