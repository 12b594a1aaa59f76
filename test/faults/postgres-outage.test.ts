import type { INestApplication } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import { createApi } from '../../apps/api/src/create-api.js';
import { DeliveryQueue, type DeliveryRound } from '../../libs/alerts/src/index.js';
import { ClassifyProducer, jobOf, QueueName, manualPollJobId } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { relevantRss } from '../support/generated-feed.js';
import { listenLocally } from '../support/listen-locally.js';
import {
  expectRollupsExact,
  insertFeed,
  insertRelevantArticles,
  rollupsAgainstRecount,
  scoresPerArticle,
} from '../support/score-checks.js';
import { startTcpProxy, type TcpProxy } from '../../bench/tcp-proxy.js';
import { testConfig, testEnvironment } from '../support/test-config.js';
import { TEST_PG_SERVER, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { WorkerProcesses, type WorkerProcess } from '../support/worker-process.js';
import { testQueue, queuePlaceOf, removeQueues } from '../support/worker-fixture.js';

const ARTICLES = 600;
const BATCH = 50;
const ADMIN_KEY = 'test-admin-key-0123456789';
const LENS = 'russia-china';
const SWEEP_EVERY_SEC = 10;
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  path: string;
  status: number;
  type: string | null;
  retryAfter: string | null;
  body: string;
  ms: number;
}

/**
 * What README's fault table promises after PostgreSQL has been away for T seconds, for the two ways
 * it goes: every connection reset and new ones refused (a restart), or nothing answering while
 * nothing closes (a partition; the worker's statement limit is 3 s here so it shows within the test).
 * - every classify and feed-poll job queued before or during the outage completes within T + 60 s
 *   of the return, nothing scored or stored twice, the rollups exact;
 * - the first scheduled alert evaluation after the return succeeds;
 * - every pending webhook delivery, queued or stranded without a job, is attempted within
 *   T + 60 s + the sweep's period (T + 120 s with the default sweep of a minute).
 */
describe.each([
  { outage: 'reset', seconds: 4 },
  { outage: 'hang', seconds: 12 },
] as const)('PostgreSQL away for $seconds s ($outage)', ({ outage, seconds }) => {
  let proxy: TcpProxy;
  let target: TestDatabase;
  let env: Record<string, string>;
  let queues: Record<'classify' | 'poll' | 'alerts' | 'webhooks', Queue>;
  let api: INestApplication;
  let base: string;
  let feeds: FeedServer;
  let receiver: WebhookReceiver;
  const workers = new WorkerProcesses();

  const get = async (path: string): Promise<Answer> => {
    const started = Date.now();
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return {
      path,
      status: response.status,
      type: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
      ms: Date.now() - started,
    };
  };

  beforeAll(async () => {
    target = await createTestDatabase();
    feeds = await startFeedServer();
    receiver = await startWebhookReceiver();
    const server = new URL(TEST_PG_SERVER);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    const viaProxy = new URL(target.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    env = testEnvironment(viaProxy.toString(), {
      WORKER_QUEUES: 'classify,feed-poll,alerts-evaluate,webhook-deliver',
      CLASSIFY_BATCH_SIZE: String(BATCH),
      ADMIN_API_KEY: ADMIN_KEY,
      // At `log`, the worker says what each job did; printed when this test fails.
      LOG_LEVEL: 'log',
      ALERTS_EVALUATE_EVERY_SEC: '5',
      WEBHOOK_SWEEP_EVERY_SEC: String(SWEEP_EVERY_SEC),
      WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
      WEBHOOK_RETRY_SCALE: '0.001',
      API_QUERY_TIMEOUT_MS: '2000',
      WORKER_QUERY_TIMEOUT_MS: '3000',
    });
    const place = queuePlaceOf(env);
    queues = {
      classify: testQueue(place, QueueName.Classify),
      poll: testQueue(place, QueueName.FeedPoll),
      alerts: testQueue(place, QueueName.AlertsEvaluate),
      webhooks: testQueue(place, QueueName.WebhookDeliver),
    };
    api = await createApi(testConfig(env.DATABASE_URL, { ...env, LOG_LEVEL: 'error' }));
    base = await listenLocally(api);
  });

  afterAll(async () => {
    await workers.killAll();
    await api?.close();
    await removeQueues(...Object.values(queues ?? {}));
    await proxy?.close().catch(() => undefined);
    await target?.drop();
    await feeds?.close();
    await receiver?.close();
  });

  /** A feed of five relevant items on the local feed server, stored directly (not through the proxy). */
  const addFeed = async (name: string): Promise<number> => {
    feeds.serve(`/${name}.xml`, { body: relevantRss(name, 5), contentType: 'application/rss+xml' });
    const [{ id }] = await target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind, enabled) VALUES ($1, $2, 'INT', 'en', 'wire', false)
       RETURNING id`,
      [feeds.url(`/${name}.xml`), name],
    );
    return id;
  };
  const queuePoll = async (feedId: number): Promise<Job> => {
    const job = jobOf(
      'feedPoll',
      { feedId, trigger: 'manual' },
      { jobId: manualPollJobId(feedId, new Date()) },
    );
    return queues.poll.add(job.name, job.data, job.opts);
  };

  /** A pending delivery row for an event, as the dispatcher stores it; queued unless `stranded`. */
  const addDelivery = async (endpointId: number, name: string, stranded = false): Promise<number> => {
    const [row] = await target.db.query<DeliveryRound>(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at)
       VALUES ($1, $2, 'alert.firing', $3, 'pending', 0, now() - $4::interval, now() - $4::interval)
       RETURNING id, round_start AS "roundStart", status`,
      [
        endpointId,
        `msg_${name}`,
        JSON.stringify({ type: 'alert.firing', data: { name } }),
        stranded ? '5 minutes' : '0 seconds',
      ],
    );
    if (!stranded) await new DeliveryQueue(queues.webhooks).enqueue([row]);
    return row.id;
  };

  const explainFailure = async (worker: WorkerProcess, error: Error): Promise<never> => {
    const counts = await Promise.all(
      Object.entries(queues).map(async ([name, queue]) => [
        name,
        await queue.getJobCounts('active', 'waiting', 'delayed', 'failed', 'completed'),
      ]),
    );
    const failed = (await Promise.all(Object.values(queues).map((queue) => queue.getFailed(0, 20)))).flat();
    const tail = worker
      .logs()
      .slice(-60)
      .map((line) => JSON.stringify(line));
    throw new Error(
      [
        error.message,
        `worker exit code ${worker.child.exitCode}, signal ${worker.child.signalCode}; stderr:`,
        worker.stderr().slice(-3000),
        `job counts: ${JSON.stringify(Object.fromEntries(counts))}`,
        `failed jobs: ${JSON.stringify(failed.map((job) => ({ queue: job.queueName, id: job.id, reason: job.failedReason })))}`,
        `the worker's last log lines:`,
        ...tail,
      ].join('\n'),
    );
  };

  it('answers 503 (never 500) while it is down, and finishes every job, once, within its bound after it is back', async () => {
    const ids = await insertRelevantArticles(target.db, await insertFeed(target.db), ARTICLES);
    const webhook = await fetch(`${base}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url('/hook') }),
    });
    expect(webhook.status).toBe(201);
    const endpointId = ((await webhook.json()) as { id: number }).id;
    await new ClassifyProducer(queues.classify, BATCH).enqueue(LENS, ids);
    const worker = workers.start(env);
    expect((await get('/readyz')).status).toBe(200);
    const pollsBefore = await Promise.all(
      ['before-a', 'before-b'].map(async (name) => queuePoll(await addFeed(name))),
    );
    const deliveries = [
      await addDelivery(endpointId, 'before'),
      await addDelivery(endpointId, 'stranded', true),
    ];
    await eventually(async () => (await scoresPerArticle(target.db, ids)).scored >= BATCH, 60_000);

    if (outage === 'reset') await proxy.cut();
    else proxy.freeze();
    const down: Answer[] = [];
    const until = Date.now() + seconds * 1000;
    const pollsDuring = await Promise.all(
      ['during-a', 'during-b'].map(async (name) => queuePoll(await addFeed(name))),
    );
    deliveries.push(await addDelivery(endpointId, 'during'));
    while (Date.now() < until) {
      for (const path of outage === 'reset' ? ['/readyz', '/healthz', ...ROUTES] : ['/readyz', ROUTES[0]])
        down.push(await get(path));
      await sleep(300);
    }
    const atOutageEnd = (await scoresPerArticle(target.db, ids)).scored;
    if (outage === 'reset') await proxy.restore();
    else proxy.thaw();
    const back = Date.now();

    const readiness = down.filter((answer) => answer.path === '/readyz');
    expect(readiness.filter((answer) => answer.status !== 503)).toEqual([]);
    // Which check failed, in words; never the driver's message (hosts, ports, users) to an anonymous caller.
    expect(JSON.parse(readiness[0].body).detail).toBe('not ready: postgres does not answer');
    // The readiness probe has its own bound; a route waits at most the connection timeout.
    expect(readiness.filter((answer) => answer.ms > 8_000)).toEqual([]);
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
    expect(atOutageEnd).toBeLessThan(ARTICLES);

    const jobsBoundMs = (seconds + 60) * 1000;
    const deliveryBoundMs = (seconds + 60 + SWEEP_EVERY_SEC) * 1000;
    const left = (boundMs: number) => Math.max(0, back + boundMs - Date.now());
    try {
      await eventually(
        async () => (await scoresPerArticle(target.db, ids)).scored === ARTICLES,
        left(jobsBoundMs),
      );
      const polls = [...pollsBefore, ...pollsDuring];
      await eventually(
        async () =>
          (await Promise.all(polls.map((job) => queues.poll.getJobState(job.id!)))).every(
            (s) => s === 'completed',
          ),
        left(jobsBoundMs),
      );
      await eventually(async () => {
        const [{ n }] = await target.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE id = ANY($1::bigint[]) AND attempts > 0`,
          [deliveries],
        );
        return n === deliveries.length;
      }, left(deliveryBoundMs));
      // The first scheduled evaluation that started after the return, once it has finished.
      const evaluation = await eventually(async () => {
        const jobs = await queues.alerts.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
        const first = jobs
          .filter((job) => job.data?.trigger === 'schedule' && (job.processedOn ?? 0) >= back)
          .sort((a, b) => a.processedOn! - b.processedOn!)[0];
        return first?.finishedOn ? first : null;
      }, 30_000);
      expect(evaluation.failedReason).toBeUndefined();
      expect(await queues.alerts.getJobState(evaluation.id!)).toBe('completed');
    } catch (error) {
      await explainFailure(worker, error as Error);
    }

    // Nothing doubled: each article scored once, each feed's items stored once, the rollups exact.
    expect(await scoresPerArticle(target.db, ids)).toEqual({ missing: 0, doubled: 0, scored: ARTICLES });
    const perFeed = await target.db.query<{ outlet: string; n: number }>(
      `SELECT f.outlet, count(a.id)::int AS n FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id
       WHERE f.outlet LIKE 'before-%' OR f.outlet LIKE 'during-%' GROUP BY f.outlet ORDER BY f.outlet`,
    );
    expect(perFeed).toEqual(
      ['before-a', 'before-b', 'during-a', 'during-b'].map((outlet) => ({ outlet, n: 5 })),
    );
    // The feeds' relevant items were queued for scoring by their polls: scored once each too.
    const relevant = async () =>
      scoresPerArticle(
        target.db,
        (await target.db.query<{ id: number }>(`SELECT id FROM articles WHERE is_relevant`)).map(
          (row) => row.id,
        ),
      );
    await eventually(async () => (await relevant()).missing === 0, 60_000);
    expect((await relevant()).doubled).toBe(0);
    expectRollupsExact(await rollupsAgainstRecount(target.db));
    // None failed for good (named, with its reason, when one did).
    const failedOn = async (queue: Queue) =>
      (await queue.getFailed(0, 20)).map((job) => ({ name: job.name, id: job.id, reason: job.failedReason }));
    expect(await failedOn(queues.classify)).toEqual([]);
    expect(await failedOn(queues.poll)).toEqual([]);
    // Each delivery reached the receiver, and none was given up.
    const [{ failed }] = await target.db.query<{ failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed FROM webhook_deliveries`,
    );
    expect(failed).toBe(0);
    const sent = new Set(receiver.receipts('/hook').map((receipt) => receipt.headers['webhook-id']));
    for (const name of ['before', 'stranded', 'during']) expect(sent.has(`msg_${name}`)).toBe(true);
    // The worker met the outage (its jobs were put back, not failed) and lived through it.
    expect(worker.logs().some((line) => line.msg === 'job put back: database unavailable')).toBe(true);
    expect(worker.child.exitCode).toBeNull();
  }, 240_000);
});
