import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api.js';
import { eventually } from '../support/eventually.js';
import { listenLocally } from '../support/listen-locally.js';
import { freePort, startOwnRedis, type OwnRedis } from '../support/redis-server.js';
import { stancewatch } from '../support/run-cli.js';
import { testConfig, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const ADMIN_KEY = 'redis-away-admin-key-0123456789';
/** What the issue asks of a request that queues work while Redis is away. */
const ANSWER_WITHIN_MS = 2_000;

/**
 * Producers a person waits on answer at once while Redis is away: the API with a 503 problem and
 * Retry-After (asking again queues the work once), commands with one line.
 */
describe('requests that queue work while Redis is away', () => {
  let redis: OwnRedis;
  let target: TestDatabase;
  let api: INestApplication;
  let base: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startOwnRedis();
    target = await createTestDatabase();
    env = testEnvironment(target.url, { REDIS_URL: redis.url, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error' });
    api = await createApi(testConfig(target.url, env));
    base = await listenLocally(api);
  });

  afterAll(async () => {
    await api?.close();
    await redis?.close(); // the test's own Redis: its queues go with it
    await target?.drop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const started = Date.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      ms: Date.now() - started,
      retryAfter: response.headers.get('retry-after'),
      type: response.headers.get('content-type'),
      json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };

  it('answers 503 with Retry-After within 2 s, keeps serving reads, and queues again once Redis is back', async () => {
    const registered = await call('POST', '/api/v1/feeds', {
      url: 'https://news.example.org/rss',
      outlet: 'Example',
      country: 'INT',
      language: 'en',
      kind: 'independent',
    });
    expect(registered.status).toBe(201);
    const feedId = registered.json!.id as number;
    expect((await call('POST', `/api/v1/feeds/${feedId}/poll`)).status).toBe(202);

    await redis.crash();
    for (const attempt of [1, 2]) {
      const refused = await call('POST', `/api/v1/feeds/${feedId}/poll`);
      expect({ attempt, status: refused.status, type: refused.type, retryAfter: refused.retryAfter }).toEqual(
        {
          attempt,
          status: 503,
          type: expect.stringContaining('application/problem+json'),
          retryAfter: expect.stringMatching(/^\d+$/),
        },
      );
      expect(refused.json!.detail).toMatch(
        /feed-poll queue is not reachable \(Redis did not answer: .*\); try again shortly/,
      );
      expect(refused.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    // Registering needs the queue too (its scheduler): refused whole, so asking again registers it.
    const other = {
      url: 'https://other.example.org/rss',
      outlet: 'Other',
      country: 'INT',
      language: 'en',
      kind: 'independent',
    };
    const duringOutage = await call('POST', '/api/v1/feeds', other);
    expect({ status: duringOutage.status, fast: duringOutage.ms < ANSWER_WITHIN_MS }).toEqual({
      status: 503,
      fast: true,
    });
    // A command a person waits on says so in one line and exits 1.
    const started = Date.now();
    const command = await stancewatch(['feeds', 'poll', String(feedId), '--queue'], env);
    expect({ code: command.code, stderr: command.stderr.trim().split('\n') }).toEqual({
      code: 1,
      stderr: [
        expect.stringMatching(/^stancewatch: the feed-poll queue is not reachable \(Redis did not answer/),
      ],
    });
    expect(Date.now() - started).toBeLessThan(10_000); // the process's start included
    // Reading needs PostgreSQL only.
    const listed = await call('GET', '/api/v1/feeds');
    expect(listed.status).toBe(200);

    await redis.start();
    const again = await eventually(async () => {
      const answer = await call('POST', `/api/v1/feeds/${feedId}/poll`);
      return answer.status === 202 ? answer : null;
    }, 30_000);
    expect(again.json).toMatchObject({ feedId });
    const registeredLater = await call('POST', '/api/v1/feeds', other);
    expect(registeredLater.status).toBe(201);
  }, 90_000);

  it('answers 503 within 2 s when Redis was never there since the API started', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const lonely = await createApi(testConfig(target.url, { ...env, REDIS_URL: closed }));
    try {
      const lonelyBase = await listenLocally(lonely);
      const [feed] = await target.db.query<{ id: number }>(`SELECT id FROM feeds LIMIT 1`);
      const started = Date.now();
      const response = await fetch(`${lonelyBase}/api/v1/feeds/${feed.id}/poll`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      const ms = Date.now() - started;
      expect({ status: response.status, retryAfter: response.headers.get('retry-after') }).toEqual({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      expect(((await response.json()) as { detail: string }).detail).toMatch(/no answer within/);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      await lonely.close();
    }
  }, 30_000);

  it('stops `stancewatch demo` and `stancewatch start` with one line when Redis is not there', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    for (const command of [
      ['demo', '--port', String(await freePort())],
      ['start', '--api'],
    ]) {
      const run = await stancewatch(command, { ...env, REDIS_URL: closed, PORT: String(await freePort()) });
      const lines = run.stderr.trim().split('\n');
      expect({ command: command[0], code: run.code, lines: lines.length }).toEqual({
        command: command[0],
        code: 1,
        lines: 1,
      });
      expect(lines[0]).toMatch(
        /^stancewatch: Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+\/? \(.*ECONNREFUSED.*\); start it/,
      );
      expect(run.stdout).toBe('');
    }
  }, 60_000);
});
