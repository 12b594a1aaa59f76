import { Prng } from '../../libs/feedgen/src/index.js';
import { TrendRollupRepository } from '../../libs/trends/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { insertRandomArchive, randomScore, type ArchiveArticle } from '../support/scored-archive.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TABLES = {
  trend_hourly: 'lens, model, bucket, feed_id, language',
  trend_daily: 'lens, model, offset_minutes, day, feed_id, language',
  volume_hourly: 'bucket, feed_id, language',
  volume_daily: 'offset_minutes, day, feed_id, language',
};

describe('trend rollups', () => {
  let target: TestDatabase;
  let rollups: TrendRollupRepository;

  beforeAll(async () => {
    target = await createTestDatabase();
    rollups = new TrendRollupRepository(target.db);
  });

  afterAll(async () => {
    await target.drop();
  });

  async function snapshot(): Promise<Record<string, Record<string, unknown>[]>> {
    const result: Record<string, Record<string, unknown>[]> = {};
    for (const [table, order] of Object.entries(TABLES)) {
      result[table] = await target.db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    }
    return result;
  }

  function expectSameRollups(
    actual: Record<string, Record<string, unknown>[]>,
    expected: Record<string, Record<string, unknown>[]>,
  ) {
    for (const table of Object.keys(TABLES)) {
      expect(actual[table].length).toBe(expected[table].length);
      actual[table].forEach((row, i) => {
        for (const [column, value] of Object.entries(row)) {
          const other = expected[table][i][column];
          // Sums of doubles may differ in the last bits when added in another order.
          if (typeof value === 'number' && !Number.isInteger(value))
            expect(value).toBeCloseTo(other as number, 9);
          else expect(value).toEqual(other);
        }
      });
    }
  }

  /**
   * The incremental path as the worker runs it (insertScores adds the sums of the rows it wrote, in
   * the statement that writes them), with retried batches and batches stored by two connections at
   * once.
   */
  async function scoreIncrementally(random: Prng, articles: ArchiveArticle[], model: string) {
    const relevant = articles.filter((a) => a.relevant);
    for (let start = 0; start < relevant.length;) {
      const batch = relevant.slice(start, start + random.int(1, 40));
      start += batch.length;
      // Each attempt scores afresh: a retry's numbers differ, and must not be counted.
      const scored = () => batch.map((a) => randomScore(random, a.id, model));
      const asWorker = () => new ScoreRepository(target.db).insertScores(scored());
      if (random.chance(0.2)) await Promise.all([asWorker(), asWorker()]);
      else await asWorker();
      if (random.chance(0.2)) await asWorker(); // a retried job: its scores are already there
    }
  }

  it('gives exactly what a full rebuild gives, with retries, late articles and several models', async () => {
    const random = new Prng(7);
    const { articles } = await insertRandomArchive(target.db, {
      seed: 7,
      feeds: 6,
      articles: 700,
      days: 12,
      start: new Date('2025-03-01T00:00:00Z'),
    });
    for (let start = 0; start < articles.length; start += 50) {
      await target.db.transaction((client) =>
        rollups.refreshVolume(
          client,
          articles.slice(start, start + 50).map((a) => a.id),
        ),
      );
    }
    await scoreIncrementally(random, articles, 'model-a');
    await scoreIncrementally(random, articles.slice(0, 300), 'model-b');

    // Late and back-filled articles land in old buckets.
    const [{ id: feedId }] = await target.db.query<{ id: number }>(
      `SELECT id FROM feeds ORDER BY id LIMIT 1`,
    );
    const backfilled = await target.db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       SELECT $1, 'https://late.example/' || i, sha256(('https://late.example/' || i)::bytea), 'late', 'en',
         timestamptz '2025-03-02T20:59:30Z' + i * interval '1 second', 'published', now(), '{"russia-china": []}', true
       FROM generate_series(1, 5) i RETURNING id`,
      [feedId],
    );
    await target.db.transaction((client) =>
      rollups.refreshVolume(
        client,
        backfilled.map((r) => r.id),
      ),
    );
    await scoreIncrementally(
      random,
      backfilled.map((r) => ({ id: r.id, feedId, publishedAt: new Date(), relevant: true })),
      'model-a',
    );

    const incremental = await snapshot();
    expect(incremental.trend_hourly.length).toBeGreaterThan(100);
    const counted = await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`);
    const hourlyTotal = incremental.trend_hourly.reduce((sum, row) => sum + (row.n as number), 0);
    expect(hourlyTotal).toBe(counted[0].n);
    for (const offset of [0, 180, 480]) {
      const daily = incremental.trend_daily.filter((row) => row.offset_minutes === offset);
      expect(daily.reduce((sum, row) => sum + (row.n as number), 0)).toBe(counted[0].n);
    }

    await rollups.rebuild(null);
    expectSameRollups(await snapshot(), incremental);

    await rollups.rebuild(new Date('2025-03-07T13:30:00Z'));
    expectSameRollups(await snapshot(), incremental);
  });
});
