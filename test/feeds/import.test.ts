import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { createApi } from '../../apps/api/src/create-api.js';
import type { AppConfig } from '../../libs/config/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { stancewatch } from '../support/run-cli.js';
import { testConfig, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';
import { testQueue, removeQueues } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

const line = (value: unknown) => JSON.stringify(value);

/** Lines 1-8 of an export: three good articles (two relevant), a blank line, and four bad ones. */
const EXPORT = [
  line({
    url: 'https://tass.com/politics/1?utm_source=gdelt#top',
    title: 'Putin and Xi pledge deeper ties &amp; trade',
    summary: '<p>Leaders met in <b>Moscow</b>.</p>',
    publishedAt: '2025-05-08T14:20:00Z',
    outlet: 'TASS',
    language: 'en',
  }),
  line({
    url: 'https://tass.com/sport/2',
    title: 'Football results',
    publishedAt: '2025-05-08T10:00:00+03:00',
    outlet: 'TASS',
  }),
  '',
  line({
    url: 'https://www.xinhuanet.com/world/3.htm',
    title: '普京与习近平会谈',
    publishedAt: '2025-05-07',
  }),
  '{"url": "https://tass.com/4", "title": ',
  line({ url: 'https://tass.com/5', publishedAt: '2025-05-08T14:20:00Z' }),
  line({ url: 'ftp://tass.com/6', title: 'Russia and China', publishedAt: 'last Tuesday' }),
  line({ url: 'https://tass.com/7', title: 'Russia and China', publishedAt: '2099-01-01T00:00:00Z' }),
].join('\n');

describe('importing articles', () => {
  let target: TestDatabase;
  let config: AppConfig;
  let app: INestApplication;
  let base: string;
  let classifyQueue: Queue;

  beforeAll(async () => {
    target = await createTestDatabase();
    config = testConfig(target.url, { ADMIN_API_KEY: ADMIN_KEY });
    app = await createApi(config);
    base = await listenLocally(app);
    classifyQueue = testQueue(config, QueueName.Classify);
  });

  afterAll(async () => {
    await app.close();
    await removeQueues(classifyQueue);
    await target.drop();
  });

  const post = (body: string, contentType: string, key: string | null = ADMIN_KEY) =>
    fetch(`${base}/api/v1/articles/import`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    });

  it('imports JSON Lines as polled articles would be stored, reporting bad lines by number', async () => {
    const response = await post(EXPORT, 'application/x-ndjson');
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result).toMatchObject({
      received: 7,
      imported: 3,
      duplicates: 0,
      relevant: 2,
      relevantByLens: { 'russia-china': 2 },
    });
    expect(result.rejected.map((r: { line: number }) => r.line)).toEqual([5, 6, 7, 8]);
    const reasons = Object.fromEntries(
      result.rejected.map((r: { line: number; reason: string }) => [r.line, r.reason]),
    );
    expect(reasons[5]).toMatch(/not valid JSON/);
    expect(reasons[6]).toMatch(/^title: missing/);
    expect(reasons[7]).toMatch(/url: expected an http\(s\) URL/);
    expect(reasons[7]).toMatch(/publishedAt: expected an ISO 8601/);
    expect(reasons[8]).toMatch(/publishedAt: more than a day in the future/);

    const stored = await target.db.query<Record<string, unknown>>(
      `SELECT a.canonical_url, a.title, a.summary, a.language, a.published_at, a.relevance, f.url AS feed_url,
         f.outlet, f.kind, f.enabled FROM articles a JOIN feeds f ON f.id = a.feed_id ORDER BY a.published_at DESC`,
    );
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({
      canonical_url: 'https://tass.com/politics/1',
      title: 'Putin and Xi pledge deeper ties & trade',
      summary: 'Leaders met in Moscow.',
      language: 'en',
      feed_url: 'import:TASS',
      kind: 'aggregator',
      enabled: false,
      relevance: { 'russia-china': expect.arrayContaining(['Putin', 'Xi']) },
    });
    // No outlet: filed under the URL's host; no language: guessed from the script.
    const chinese = stored.find((a) => a.title === '普京与习近平会谈');
    expect(chinese).toMatchObject({ feed_url: 'import:xinhuanet.com', language: 'zh' });
    expect((chinese!.published_at as Date).toISOString()).toBe('2025-05-07T00:00:00.000Z');

    // The relevant ones are queued for classification, ids only.
    const jobs = await classifyQueue.getJobs(['waiting', 'delayed', 'prioritized']);
    const queued = jobs.flatMap((job) => job.data.articleIds as number[]).sort();
    const relevantIds = await target.db.query<{ id: number }>(
      `SELECT id FROM articles WHERE is_relevant ORDER BY id`,
    );
    expect(queued).toEqual(relevantIds.map((r) => r.id).sort());
    expect(result.classifyJobs).toBeGreaterThan(0);
    // Imported articles count in the attention baseline, as polled ones do.
    const [{ n }] = await target.db.query<{ n: number }>(
      `SELECT coalesce(sum(n_all), 0)::int AS n FROM volume_daily WHERE offset_minutes = 0`,
    );
    expect(n).toBe(3);
  });

  it('imports nothing twice: the same export again, or the same URL with other tracking parameters', async () => {
    const again = await json(await post(EXPORT, 'application/x-ndjson'));
    expect(again).toMatchObject({ imported: 0, duplicates: 3, relevant: 0 });
    const json2 = await post(
      JSON.stringify({
        articles: [
          {
            url: 'https://tass.com/politics/1?utm_medium=rss',
            title: 'Putin and Xi',
            publishedAt: '2025-05-08T14:20:00Z',
            outlet: 'Other',
          },
          {
            url: 'https://rt.com/news/9',
            title: 'Lavrov visits Beijing',
            publishedAt: '2025-05-09T08:00:00Z',
            outlet: 'RT',
          },
          { title: 'no url' },
        ],
      }),
      'application/json',
    );
    expect(json2.status).toBe(200);
    const result = await json(json2);
    expect(result).toMatchObject({ received: 3, imported: 1, duplicates: 1, relevant: 1 });
    expect(result.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/url: missing/) }]);
    const [{ n }] = await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM articles`);
    expect(n).toBe(4);
  });

  it('is an admin route and refuses bodies that are not imports', async () => {
    expect((await post(EXPORT, 'application/x-ndjson', null)).status).toBe(401);
    const empty = await post('{}', 'application/json');
    expect(empty.status).toBe(400);
    expect((await json(empty)).detail).toMatch(/articles/);
    const wrong = await post(JSON.stringify({ articles: 'x' }), 'application/json');
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).detail).toMatch(/body\.articles: expected an array/);
    // Bigger than the global 100 kB JSON limit, within the import's 5 MiB.
    const many = Array.from({ length: 1500 }, (_, i) =>
      line({
        url: `https://example.org/bulk/${i}`,
        title: `Bulk story ${i} ${'x'.repeat(60)}`,
        publishedAt: '2025-01-01T00:00:00Z',
        outlet: 'Bulk',
      }),
    ).join('\n');
    expect(many.length).toBeGreaterThan(100_000);
    const bulk = await post(many, 'application/x-ndjson');
    expect(bulk.status).toBe(200);
    expect(await json(bulk)).toMatchObject({ imported: 1500, rejected: [] });
    const tooBig = await post('x'.repeat(6 * 1024 * 1024), 'application/x-ndjson');
    expect(tooBig.status).toBe(413);
  });

  it('imports from the command line through the same path, idempotently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stancewatch-import-'));
    const file = join(dir, 'export.jsonl');
    writeFileSync(
      file,
      [
        line({
          url: 'https://ria.ru/20250508/1.html',
          title: 'Путин и Си Цзиньпин обсудили сотрудничество',
          publishedAt: '2025-05-08T09:00:00Z',
          outlet: 'RIA',
        }),
        line({
          url: 'https://ria.ru/20250508/2.html',
          title: 'Погода в Москве',
          publishedAt: '2025-05-08T10:00:00Z',
          outlet: 'RIA',
        }),
        line({ url: 'https://ria.ru/20250508/3.html', title: 'x', publishedAt: 'not a date', outlet: 'RIA' }),
        line({ url: 'https://tass.com/politics/1', title: 'dup', publishedAt: '2025-05-08T14:20:00Z' }),
      ].join('\n') + '\n',
    );
    const env = testEnvironment(target.url, { QUEUE_PREFIX: config.queuePrefix });
    const first = await stancewatch(['import', '--file', file, '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({ received: 4, imported: 2, duplicates: 1, relevant: 1 });
    expect(result.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/^publishedAt: /) }]);
    const [feed] = await target.db.query<{ origin: string; enabled: boolean }>(
      `SELECT origin, enabled FROM feeds WHERE url = 'import:RIA'`,
    );
    expect(feed).toEqual({ origin: 'cli', enabled: false });

    const second = await stancewatch(['import', '--file', file], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/imported 0, duplicates 3, relevant 0, rejected 1 of 4/);
    expect(second.stdout).toMatch(/line 3: publishedAt: /);

    const missing = await stancewatch(['import', '--file', join(dir, 'nope.jsonl')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl \(ENOENT\)/);
    const usage = await stancewatch(['import'], env);
    expect(usage.code).toBe(2);
  });

  it('rejects a record PostgreSQL would refuse, or a line past the line cap, and imports the rest', async () => {
    const good = (i: number) =>
      line({
        url: `https://nul.example.org/${i}`,
        title: `Russia and China ${i}`,
        publishedAt: '2025-05-08T09:00:00Z',
      });
    const withNul = line({
      url: 'https://nul.example.org/bad',
      title: 'Russia\u0000China',
      publishedAt: '2025-05-08T09:00:00Z',
    });
    const response = await post([good(1), withNul, good(3)].join('\n'), 'application/x-ndjson');
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      received: 3,
      imported: 2,
      rejected: [
        { line: 2, reason: 'title holds a NUL character (U+0000), which PostgreSQL text cannot store' },
      ],
    });

    // A file whose second line is 3 MB: refused by number, without holding it, and the file read on.
    const dir = mkdtempSync(join(tmpdir(), 'stancewatch-import-'));
    const file = join(dir, 'long-line.jsonl');
    writeFileSync(
      file,
      [good(4), `{"url": "https://nul.example.org/x", "title": "${'x'.repeat(3_000_000)}"}`, good(6)].join(
        '\n',
      ),
    );
    const env = testEnvironment(target.url, { QUEUE_PREFIX: config.queuePrefix });
    const cli = await stancewatch(['import', '--file', file, '--json'], env);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      received: 3,
      imported: 2,
      rejected: [{ line: 2, reason: 'longer than 1,000,000 characters; put one article per line' }],
    });
  });
});
