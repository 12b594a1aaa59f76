import { createServer } from 'node:net';
import { LensModule } from '../../libs/lens/src/index.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Module,
  type DynamicModule,
  type INestApplication,
  type INestApplicationContext,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createApi } from '../../apps/api/src/create-api.js';
import {
  startWorkerHttpServer,
  type WorkerHttpServer,
} from '../../apps/worker/src/http/worker-http-server.js';
import { WebhookDeliverer, WebhooksModule } from '../../libs/alerts/src/index.js';
import { ConfigModule, type AppConfig } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { FeedRepository, FeedsModule, FeedPoller } from '../../libs/feeds/src/index.js';
import { resetMetrics } from '../../libs/metrics/src/index.js';
import { ClassifyModule } from '../../apps/worker/src/classify.module.js';
import { ArticleClassifier } from '../../libs/scoring/src/index.js';
import { QueueModule, QueueName } from '../../libs/queue/src/index.js';
import { RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';
import { testQueue, removeQueuesAt, startInProcessWorker } from '../support/worker-fixture.js';

const ADMIN_KEY = 'metrics-admin-key-0123456789';

/** The services that poll, classify and deliver, without BullMQ workers taking jobs behind the test's back. */
@Module({})
class ServicesModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ServicesModule,
      imports: [
        ConfigModule.forRoot(config),
        LensModule,
        DbModule.forRole('worker'),
        QueueModule.forRole('background'),
        FeedsModule,
        ClassifyModule,
        WebhooksModule,
      ],
    };
  }
}

/** One sample of the exposition text: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return null;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('metrics, health and readiness', () => {
  let feeds: FeedServer;
  let receiver: WebhookReceiver;
  let target: TestDatabase;
  let config: AppConfig;
  let api: INestApplication;
  let services: INestApplicationContext;
  let base: string;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    feeds = await startFeedServer();
    receiver = await startWebhookReceiver();
    target = await createTestDatabase();
    config = testConfig(target.url, { ADMIN_API_KEY: ADMIN_KEY, WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8' });
    api = await createApi(config);
    base = await listenLocally(api);
    services = await NestFactory.createApplicationContext(ServicesModule.forRoot(config), { logger: false });
    resetMetrics();
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await services?.close();
    await api?.close();
    await removeQueuesAt(config, QueueName.Classify);
    await target.drop();
    await receiver.close();
    await feeds.close();
  });

  const metrics = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/metrics`, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('counts a poll, a classification and a webhook delivery, and times API requests by route', async () => {
    feeds.serve('/desk.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
    const feed = (await new FeedRepository(target.db).create(
      { url: feeds.url('/desk.rss'), outlet: 'Desk', country: 'INT', language: 'en', kind: 'independent' },
      'api',
      60,
    ))!;
    const report = await services.get(FeedPoller).poll(feed.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', itemsNew: 3 });
    const relevant = report.newRelevantArticles['russia-china'] ?? [];
    expect(relevant.length).toBeGreaterThan(0);
    const classified = await services.get(ArticleClassifier).classify(relevant, 'russia-china', null);
    expect(classified.scored).toBe(relevant.length);

    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/v1/webhooks`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ url: receiver.url('/hook') }),
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: number };
    expect(
      (await fetch(`${base}/api/v1/webhooks/${endpoint.id}/test`, { method: 'POST', headers: admin })).status,
    ).toBe(202);
    const list = (await (
      await fetch(`${base}/api/v1/webhooks/${endpoint.id}/deliveries`, { headers: admin })
    ).json()) as {
      deliveries: { id: number }[];
    };
    const attempt = await services.get(WebhookDeliverer).attempt(list.deliveries[0].id);
    expect(attempt.outcome).toBe('delivered');
    expect(receiver.receipts('/hook')).toHaveLength(1);

    expect((await fetch(`${base}/api/v1/feeds/${feed.id}`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/feeds/${feed.id + 1000}`)).status).toBe(404);
    expect((await fetch(`${base}/no/such/page-${Date.now()}`)).status).toBe(404);

    const { status, type, text } = await metrics();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'stancewatch_feed_polls_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'stancewatch_feed_items_total', { result: 'new' })).toBe(3);
    expect(sample(text, 'stancewatch_feed_items_total', { result: 'sighting' })).toBe(0);
    expect(
      sample(text, 'stancewatch_articles_classified_total', {
        lens: 'russia-china',
        model: classified.models[0],
      }),
    ).toBe(relevant.length);
    expect(sample(text, 'stancewatch_classify_inference_seconds_count')).toBe(1);
    expect(sample(text, 'stancewatch_classify_inference_seconds_sum')).toBeGreaterThan(0);
    expect(sample(text, 'stancewatch_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(text, 'stancewatch_feed_fetch_duration_seconds_count', { result: 'fetched' })).toBe(1);
    expect(
      sample(text, 'stancewatch_feed_fetch_duration_seconds_sum', { result: 'fetched' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'stancewatch_feed_fetch_bytes_count')).toBe(1);
    expect(sample(text, 'stancewatch_feed_fetch_bytes_sum')).toBe(Buffer.byteLength(RSS_FEED));
    expect(sample(text, 'stancewatch_feed_fetch_bytes_bucket', { le: '+Inf' })).toBe(1);
    const route = (path: string, status_class: string) =>
      sample(text, 'stancewatch_http_request_duration_seconds_count', {
        method: 'GET',
        route: path,
        status_class,
      });
    expect(route('/api/v1/feeds/:id', '2xx')).toBe(1);
    expect(route('/api/v1/feeds/:id', '4xx')).toBe(1);
    expect(route('/api/v1/webhooks/:id/deliveries', '2xx')).toBe(1);
    expect(route('other', '4xx')).toBe(1);
    // Raw URLs never become labels.
    expect(text).not.toMatch(new RegExp(`route="/api/v1/feeds/${feed.id}"`));
    expect(text).not.toMatch(/no\/such\/page/);
    expect(sample(text, 'process_cpu_user_seconds_total')).not.toBeNull();
    // What /readyz would answer, at scrape time.
    expect(sample(text, 'stancewatch_ready', { check: 'postgres' })).toBe(1);
    expect(sample(text, 'stancewatch_ready', { check: 'redis' })).toBe(1);
  });

  it('counts enabled feeds without a success for FEED_STALE_AFTER_INTERVALS of their intervals, with no feed label', async () => {
    const repository = new FeedRepository(target.db);
    const add = async (name: string, intervalSec: number) =>
      (await repository.create(
        { url: feeds.url(`/${name}.rss`), outlet: name, country: 'INT', language: 'en', kind: 'wire' },
        'api',
        intervalSec,
      ))!.id;
    const before = await metrics();
    const [stale0, enabled0] = ['stancewatch_feeds_stale', 'stancewatch_feeds_enabled'].map((name) =>
      sample(before.text, name),
    );
    // 600 s interval, default multiple 3: stale past 30 minutes without a success.
    const succeededRecently = await add('recent', 600);
    const succeededLongAgo = await add('long-ago', 600);
    const neverSucceeded = await add('never', 600);
    const youngNeverPolled = await add('young', 600);
    const disabledLongAgo = await add('disabled', 600);
    const set = (id: number, sql: string) => target.db.query(`UPDATE feeds SET ${sql} WHERE id = $1`, [id]);
    await set(
      succeededRecently,
      `created_at = now() - interval '2 days', last_success_at = now() - interval '20 minutes'`,
    );
    await set(
      succeededLongAgo,
      `created_at = now() - interval '2 days', last_success_at = now() - interval '31 minutes'`,
    );
    await set(neverSucceeded, `created_at = now() - interval '2 hours'`);
    await set(youngNeverPolled, `created_at = now() - interval '5 minutes'`);
    await set(disabledLongAgo, `enabled = false, created_at = now() - interval '2 days'`);
    const { text } = await metrics();
    expect(sample(text, 'stancewatch_feeds_stale')! - stale0!).toBe(2);
    expect(sample(text, 'stancewatch_feeds_enabled')! - enabled0!).toBe(4);
    expect(text).toMatch(/^stancewatch_feeds_stale \d+$/m);

    // The multiple is configuration: at 1.5 intervals (15 minutes) the feed that succeeded 20 minutes ago is stale too.
    expect(testConfig(target.url, { FEED_STALE_AFTER_INTERVALS: '1.5' }).poll.staleAfterIntervals).toBe(1.5);
    expect((await repository.healthCounts(1.5)).stale - (await repository.healthCounts(3)).stale).toBe(1);
  });

  it('says which build runs: version, commit and Node.js version', async () => {
    const { text } = await metrics();
    const line = /^stancewatch_build_info\{version="([^"]+)",commit="([^"]+)",node="([^"]+)"\} 1$/m.exec(
      text,
    );
    expect(line).not.toBeNull();
    const [, version, commit, node] = line!;
    expect(version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(node).toBe(process.versions.node);
    const built = JSON.parse(readFileSync('dist/build-info.json', 'utf8')) as { commit: string | null };
    expect(commit).toBe(built.commit ?? 'unknown');

    const named = await createApi(testConfig(target.url, { STANCEWATCH_COMMIT: 'abc1234' }));
    closers.push(() => named.close());
    expect(await (await fetch(`${await listenLocally(named)}/metrics`)).text()).toMatch(
      /^stancewatch_build_info\{version="[^"]+",commit="abc1234",node="[^"]+"\} 1$/m,
    );
  });

  it('reports queue depths and the age of the oldest waiting job at scrape time', async () => {
    const queue = testQueue(config, QueueName.Classify);
    closers.push(() => queue.close());
    const before = await metrics();
    expect(sample(before.text, 'stancewatch_queue_jobs', { queue: 'classify', state: 'waiting' })).toBe(0);
    expect(sample(before.text, 'stancewatch_queue_oldest_waiting_seconds', { queue: 'classify' })).toBe(0);

    await queue.add(
      'classify',
      { articleIds: [1], lens: 'russia-china', model: null },
      { timestamp: Date.now() - 90_000 },
    );
    await queue.add('classify', { articleIds: [2], lens: 'russia-china', model: null });
    await queue.add('classify', { articleIds: [3], lens: 'russia-china', model: null }, { delay: 60_000 });
    const { text } = await metrics();
    expect(sample(text, 'stancewatch_queue_jobs', { queue: 'classify', state: 'waiting' })).toBe(2);
    expect(sample(text, 'stancewatch_queue_jobs', { queue: 'classify', state: 'delayed' })).toBe(1);
    expect(sample(text, 'stancewatch_queue_jobs', { queue: 'feed-poll', state: 'waiting' })).toBe(0);
    const age = sample(text, 'stancewatch_queue_oldest_waiting_seconds', { queue: 'classify' })!;
    expect(age).toBeGreaterThanOrEqual(89);
    expect(age).toBeLessThan(120);
  });

  it('asks for an admin key on /metrics when METRICS_OPEN is false', async () => {
    const closed = await createApi(
      testConfig(target.url, { ADMIN_API_KEY: ADMIN_KEY, METRICS_OPEN: 'false' }),
    );
    closers.push(() => closed.close());
    const url = `${await listenLocally(closed)}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/^# HELP /m);
    const document = (await (await fetch(`${base}/docs-json`)).json()) as {
      paths: Record<string, { get: Record<string, unknown> }>;
    };
    expect(document.paths['/metrics'].get['x-access']).toBe('public');
  });

  describe("the worker's HTTP server", () => {
    const startWorker = async (overrides: Record<string, string>): Promise<{ url: string }> => {
      const workerConfig = testConfig(overrides.DATABASE_URL ?? target.url, overrides);
      const worker = await startInProcessWorker(workerConfig);
      const server: WorkerHttpServer = await startWorkerHttpServer(worker, workerConfig, 0);
      closers.push(async () => {
        await server.close();
        await worker.close();
      });
      return { url: `http://127.0.0.1:${server.port}` };
    };
    const get = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, text: await response.text() };
    };

    it('answers /healthz, /readyz with the model loaded, and /metrics', async () => {
      const { url } = await startWorker({ WORKER_QUEUES: 'classify' });
      expect(await get(`${url}/healthz`)).toMatchObject({ status: 200 });
      const ready = await get(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text).checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual(
        [
          ['postgres', true],
          ['redis', true],
          ['models', true],
        ],
      );
      const exposition = await get(`${url}/metrics`);
      expect(exposition.status).toBe(200);
      expect(exposition.text).toMatch(/^stancewatch_queue_jobs\{queue="classify",state="waiting"\} \d+$/m);
      expect(exposition.text).toMatch(/^# TYPE stancewatch_classify_inference_seconds histogram$/m);
      // The ready check loaded the configured models: one series each, labelled by role, id and revision.
      for (const role of ['nli', 'sentiment'])
        expect(exposition.text).toMatch(
          new RegExp(`^stancewatch_model_loaded\\{role="${role}",model="[^"]+",revision="[^"]+"\\} 1$`, 'm'),
        );
      expect(exposition.text.match(/^stancewatch_model_loaded\{/gm)).toHaveLength(2);
      expect((await get(`${url}/nothing-here`)).status).toBe(404);
    });

    it('is not ready (503) while the model cannot load', async () => {
      const { url } = await startWorker({
        WORKER_QUEUES: 'classify',
        NLI_MODEL: 'no-such-model',
        MODEL_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'stancewatch-no-models-')),
      });
      expect((await get(`${url}/healthz`)).status).toBe(200);
      const ready = await get(`${url}/readyz`);
      expect(ready.status).toBe(503);
      const checks = JSON.parse(ready.text).checks as { name: string; ok: boolean; error: string | null }[];
      expect(checks.find((c) => c.name === 'postgres')?.ok).toBe(true);
      expect(checks.find((c) => c.name === 'models')).toMatchObject({
        ok: false,
        error: expect.stringMatching(/no-such-model/),
      });
      const { text } = await get(`${url}/metrics`);
      expect(sample(text, 'stancewatch_ready', { check: 'models' })).toBe(0);
      expect(sample(text, 'stancewatch_ready', { check: 'postgres' })).toBe(1);
    });

    it('is not ready (503) while PostgreSQL does not answer', async () => {
      const { url } = await startWorker({
        WORKER_QUEUES: 'webhook-deliver',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/stancewatch`,
      });
      expect((await get(`${url}/healthz`)).status).toBe(200);
      const ready = await get(`${url}/readyz`);
      expect(ready.status).toBe(503);
      const checks = JSON.parse(ready.text).checks as { name: string; ok: boolean }[];
      expect(checks.map((c) => [c.name, c.ok])).toEqual([
        ['postgres', false],
        ['redis', true],
      ]);
      const exposition = await get(`${url}/metrics`);
      expect(exposition.status).toBe(200);
      expect(sample(exposition.text, 'stancewatch_ready', { check: 'postgres' })).toBe(0);
    });
  });
});
