import type { INestApplication } from '@nestjs/common';
import { Prng } from '../libs/feedgen/src/prng.js';
import { createApi } from '../apps/api/src/create-api.js';
import { TREND_CACHE_TTL_MS } from '../apps/api/src/trends/trend-response.js';
import { ScoreRepository } from '../libs/db/src/index.js';
import { TrendRollupRepository } from '../libs/trends/src/trend-rollup.repository.js';
import { insertRandomArchive, randomScore, type ArchiveArticle } from './support/scored-archive.js';
import { testConfig } from './support/test-config.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { listenLocally } from './support/listen-locally.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Json = any;

// The archive's articles fall within [Mar 1, Mar 11) give or take an hour.
const QUERY = 'from=2025-02-28&to=2025-03-12&groupBy=outlet';

describe('GET /api/v1/trends: cached and compressed responses', () => {
  let target: TestDatabase;
  let app: INestApplication;
  let base: string;
  let relevant: ArchiveArticle[];
  const random = new Prng(5);

  const score = async (articles: ArchiveArticle[]) => {
    const rollups = new TrendRollupRepository(target.db);
    await target.db.transaction(async (client) => {
      await new ScoreRepository(target.db).insertAll(
        articles.map((a) => randomScore(random, a.id, 'model-a')),
        client,
      );
      await rollups.refreshScores(
        client,
        'russia-china',
        articles.map((a) => a.id),
      );
    });
  };

  const get = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/api/v1/trends?${QUERY}`, {
      headers: { accept: 'application/json', ...headers },
    });
    expect(response.status).toBe(200);
    return { encoding: response.headers.get('content-encoding'), body: (await response.json()) as Json };
  };
  const scored = (body: Json) =>
    body.series.reduce(
      (sum: number, s: Json) => sum + s.points.reduce((n: number, p: Json) => n + p.n, 0),
      0,
    );

  beforeAll(async () => {
    target = await createTestDatabase();
    const archive = await insertRandomArchive(target.db, {
      seed: 5,
      feeds: 3,
      articles: 200,
      days: 10,
      start: new Date('2025-03-01T00:00:00Z'),
    });
    relevant = archive.articles.filter((a) => a.relevant);
    await score(relevant.slice(0, 50));
    app = await createApi(testConfig(target.url, { NLI_MODEL: 'model-a' }));
    base = await listenLocally(app);
  });

  afterAll(async () => {
    await app.close();
    await target.drop();
  });

  it('shows new scores at once to Cache-Control: no-cache, and to everyone after the documented staleness', async () => {
    const firstAt = Date.now();
    expect(scored((await get()).body)).toBe(50);

    await score(relevant.slice(50));
    expect(scored((await get({ 'cache-control': 'no-cache' })).body)).toBe(relevant.length);

    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, firstAt + TREND_CACHE_TTL_MS - Date.now())),
    );
    expect(scored((await get()).body)).toBe(relevant.length);
  });

  it('compresses the body for clients that accept gzip or br, with the same content', async () => {
    const identity = await get({ 'accept-encoding': 'identity' });
    expect(identity.encoding).toBeNull();
    for (const coding of ['gzip', 'br']) {
      const compressed = await get({ 'accept-encoding': coding });
      expect(compressed.encoding).toBe(coding);
      expect(compressed.body).toEqual(identity.body);
    }
  });
});
