import { get as get_ } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Prng } from '../../libs/feedgen/src/index.js';
import { createApi } from '../../apps/api/src/create-api.js';
import { TrendRollupRepository } from '../../libs/trends/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { insertRandomArchive, randomScore, type ArchiveArticle } from '../support/scored-archive.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';

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

  const score = (articles: ArchiveArticle[]) =>
    new ScoreRepository(target.db).insertScores(articles.map((a) => randomScore(random, a.id, 'model-a')));

  const get = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/api/v1/trends?${QUERY}`, {
      headers: { accept: 'application/json', ...headers },
    });
    expect(response.status).toBe(200);
    return {
      encoding: response.headers.get('content-encoding'),
      etag: response.headers.get('etag'),
      body: (await response.json()) as Json,
    };
  };
  // node:http, not fetch: fetch adds Cache-Control: no-cache to a request with If-None-Match (as the
  // Fetch standard says), which asks for a fresh computation; a browser's own revalidation does not.
  const revalidate = (etag: string) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/api/v1/trends?${QUERY}`);
      get_(url, { headers: { accept: 'application/json', 'if-none-match': etag } }, (response) => {
        response.resume().on('end', () => resolve(response.statusCode ?? 0));
      }).on('error', reject);
    });
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

  it('answers a repeated request from memory, and the next request after new scores with them', async () => {
    const first = await get();
    expect(scored(first.body)).toBe(50);
    const again = await get();
    expect(again.etag).toBe(first.etag);
    expect(again.body).toEqual(first.body);

    await score(relevant.slice(50));
    // No waiting: the cached trend is filed under the data version the new scores moved.
    const after = await get();
    expect(scored(after.body)).toBe(relevant.length);
    expect(after.etag).not.toBe(first.etag);
    expect(scored((await get({ 'cache-control': 'no-cache' })).body)).toBe(relevant.length);
  });

  it('answers If-None-Match with 304 while the trend is unchanged, and with the new trend after a change', async () => {
    const current = await get();
    expect(current.etag).toMatch(/^W\/"/);
    expect(await revalidate(current.etag!)).toBe(304);

    // A feed's outlet renamed (as `stancewatch seed` does from the feed list) regroups the series.
    const [feed] = await target.db.query<{ id: number; outlet: string }>(
      `SELECT id, outlet FROM feeds ORDER BY id LIMIT 1`,
    );
    await target.db.query(`UPDATE feeds SET outlet = 'Renamed outlet' WHERE id = $1`, [feed.id]);
    try {
      expect(await revalidate(current.etag!)).toBe(200);
      const renamed = await get();
      expect(renamed.body.series.map((s: Json) => s.key)).toContain('Renamed outlet');
      expect(scored(renamed.body)).toBe(scored(current.body));
    } finally {
      await target.db.query(`UPDATE feeds SET outlet = $2 WHERE id = $1`, [feed.id, feed.outlet]);
    }
  });

  it('counts a newly stored article in the volume of the next response', async () => {
    const rollups = new TrendRollupRepository(target.db);
    // As ingestion does: every stored article counts in the volume rollups.
    await target.db.transaction((client) =>
      rollups.refreshVolume(
        client,
        relevant.map((a) => a.id),
      ),
    );
    const before = await get();
    const volume = (body: Json) =>
      body.series.reduce(
        (sum: number, s: Json) => sum + s.points.reduce((n: number, p: Json) => n + p.volume.all, 0),
        0,
      );
    await target.db.transaction(async (client) => {
      const [row] = await client
        .query<{ id: number }>(
          `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at)
         VALUES ($1, $2::text, sha256(convert_to($2::text, 'UTF8')), 'Late article', 'en', '2025-03-05T12:00:00Z', 'published', now())
         RETURNING id`,
          [relevant[0].feedId, 'https://a.example/late-article'],
        )
        .then((result) => result.rows);
      await rollups.refreshVolume(client, [row.id]);
    });
    expect(volume((await get()).body)).toBe(volume(before.body) + 1);
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
