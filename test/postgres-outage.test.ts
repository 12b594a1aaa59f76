import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createApi } from '../apps/api/src/create-api.js';
import { ClassifyProducer, QueueName, redisConnection } from '../libs/queue/src/index.js';
import { eventually } from './support/eventually.js';
import {
  expectRollupsExact,
  insertFeed,
  insertRelevantArticles,
  rollupsAgainstRecount,
  scoredCount,
  scoresPerArticle,
} from './support/score-checks.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { testConfig, testEnvironment } from './support/test-config.js';
import { TEST_PG_SERVER, createTestDatabase, type TestDatabase } from './support/test-database.js';
import { killAll, startWorkerProcess, type WorkerProcess } from './support/worker-process.js';
import { listenLocally } from './support/listen-locally.js';

const ARTICLES = 600;
const BATCH = 50;
const ADMIN_KEY = 'test-admin-key-0123456789';
const ROUTES = [
  '/api/v1/feeds',
  '/api/v1/feeds/1',
  '/api/v1/articles',
  '/api/v1/articles/1',
  '/api/v1/trends?lens=russia-china&from=2025-01-01&to=2025-02-01',
  '/api/v1/sources?from=2025-01-01&to=2025-02-01',
  '/api/v1/models',
  '/api/v1/webhooks',
];

interface Answer {
  path: string;
  status: number;
  type: string | null;
  retryAfter: string | null;
  body: string;
}

describe('PostgreSQL unavailable for a while', () => {
  let proxy: TcpProxy;
  let target: TestDatabase;
  let env: Record<string, string>;
  let queue: Queue;
  let api: INestApplication;
  let base: string;
  const workers: WorkerProcess[] = [];

  const get = async (path: string): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return {
      path,
      status: response.status,
      type: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    };
  };

  beforeAll(async () => {
    target = await createTestDatabase();
    const server = new URL(TEST_PG_SERVER);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    const viaProxy = new URL(target.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    env = testEnvironment(viaProxy.toString(), {
      WORKER_QUEUES: 'classify',
      CLASSIFY_BATCH_SIZE: String(BATCH),
      ADMIN_API_KEY: ADMIN_KEY,
    });
    queue = new Queue(QueueName.Classify, {
      connection: redisConnection(env.REDIS_URL),
      prefix: env.QUEUE_PREFIX,
    });
    api = await createApi(testConfig(env.DATABASE_URL, env));
    base = await listenLocally(api);
  });

  afterAll(async () => {
    await killAll(workers);
    await api?.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await proxy.close().catch(() => undefined);
    await target.drop();
  });

  it('answers 503 (never 500) while it is down, and finishes every job once it is back', async () => {
    const ids = await insertRelevantArticles(target.db, await insertFeed(target.db), ARTICLES);
    await new ClassifyProducer(queue, BATCH).enqueue('russia-china', ids);
    const worker = startWorkerProcess(env);
    workers.push(worker);
    expect((await get('/readyz')).status).toBe(200);
    await eventually(async () => (await scoredCount(target.db)) >= BATCH, 60_000);

    await proxy.cut();
    const down: Answer[] = [];
    const cutUntil = Date.now() + 4_000;
    while (Date.now() < cutUntil) {
      for (const path of ['/readyz', '/healthz', ...ROUTES]) down.push(await get(path));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const atCut = await scoredCount(target.db);
    await proxy.restore();

    const readiness = down.filter((answer) => answer.path === '/readyz');
    expect(readiness.map((answer) => answer.status)).toEqual(readiness.map(() => 503));
    expect(readiness[0].body).toMatch(/postgres/);
    expect(down.filter((answer) => answer.path === '/healthz').every((a) => a.status === 200)).toBe(true);
    const routes = down.filter((answer) => ROUTES.includes(answer.path));
    // Every route either still answers (what it needs is cached) or says 503 with a Retry-After.
    expect(routes.filter((answer) => ![200, 404, 503].includes(answer.status))).toEqual([]);
    for (const answer of routes.filter((a) => a.status === 503)) {
      expect(answer.type).toMatch(/application\/problem\+json/);
      expect(answer.retryAfter).toMatch(/^\d+$/);
    }
    expect(routes.some((answer) => answer.status === 503)).toBe(true);
    expect(down.filter((answer) => /\n\s+at /.test(answer.body))).toEqual([]);

    await eventually(async () => (await get('/readyz')).status === 200, 30_000);
    await eventually(async () => (await scoredCount(target.db)) === ARTICLES, 150_000).catch(
      (error: Error) => {
        // What the worker did after the cut is the first thing to read when this fails.
        const tail = worker
          .logs()
          .slice(-40)
          .map((line) => JSON.stringify(line));
        throw new Error(`${error.message}\nthe worker's last log lines:\n${tail.join('\n')}`);
      },
    );
    expect(atCut).toBeLessThan(ARTICLES);
    expect(await scoresPerArticle(target.db, ids)).toEqual({ missing: 0, doubled: 0, scored: ARTICLES });
    expect(await queue.getJobCounts('failed', 'waiting', 'active')).toEqual({
      failed: 0,
      waiting: 0,
      active: 0,
    });
    expectRollupsExact(await rollupsAgainstRecount(target.db));
    expect(worker.child.exitCode).toBeNull();
  }, 240_000);
});
