import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api.js';
import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { FeedRepository } from '../../libs/feeds/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { eventually } from '../support/eventually.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { relevantRss } from '../support/generated-feed.js';
import { listenLocally } from '../support/listen-locally.js';
import { testConfig, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { WorkerProcesses, type WorkerProcess } from '../support/worker-process.js';
import { queuePlaceOf, removeQueuesAt } from '../support/worker-fixture.js';

const ADMIN_KEY = 'request-id-admin-key-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Line = Record<string, unknown>;

const jsonLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);

/**
 * What an operator follows: the API's access log line for a request, and the real worker's lines for
 * the jobs that request queued, all under the one X-Request-Id.
 */
describe('request ids and access logs', () => {
  let feeds: FeedServer;
  let receiver: WebhookReceiver;
  let target: TestDatabase;
  let env: Record<string, string>;
  let api: INestApplication;
  let base: string;
  let output: CapturedOutput;
  let worker: WorkerProcess;
  const workers = new WorkerProcesses();

  beforeAll(async () => {
    feeds = await startFeedServer();
    receiver = await startWebhookReceiver();
    target = await createTestDatabase();
    env = testEnvironment(target.url, {
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'log',
      WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
    });
    output = captureOutput();
    api = await createApi(testConfig(target.url, env));
    base = await listenLocally(api);
    worker = workers.start({ ...env, WORKER_QUEUES: 'feed-poll,classify,webhook-deliver' });
  });

  afterAll(async () => {
    await workers.killAll();
    await api?.close();
    output?.restore();
    await removeQueuesAt(
      queuePlaceOf(env),
      QueueName.FeedPoll,
      QueueName.Classify,
      QueueName.AlertsEvaluate,
      QueueName.WebhookDeliver,
    );
    await receiver?.close();
    await target?.drop();
    await feeds?.close();
  });

  const admin = (requestId?: string) => ({
    authorization: `Bearer ${ADMIN_KEY}`,
    'content-type': 'application/json',
    ...(requestId ? { 'x-request-id': requestId } : {}),
  });
  const accessLines = () => jsonLines(output.text()).filter((line) => line.msg === 'request');
  const byId = (id: string) => accessLines().find((line) => line.requestId === id);

  it("follows a manual poll's X-Request-Id from the access log into the worker's lines for its jobs", async () => {
    feeds.serve('/desk.rss', { body: relevantRss('desk', 3), contentType: 'application/rss+xml' });
    const feed = (await new FeedRepository(target.db).create(
      { url: feeds.url('/desk.rss'), outlet: 'Desk', country: 'INT', language: 'en', kind: 'wire' },
      'api',
      3600,
    ))!;
    // Only the manual poll fetches it: the feed's scheduler starts tomorrow.
    await target.db.query(`UPDATE feeds SET next_poll_at = now() + interval '1 day' WHERE id = $1`, [
      feed.id,
    ]);

    const requestId = `poll-${Date.now()}`;
    const response = await fetch(`${base}/api/v1/feeds/${feed.id}/poll`, {
      method: 'POST',
      headers: admin(requestId),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const { jobId } = (await response.json()) as { jobId: string };

    const pollDone = await eventually(
      async () => worker.logs().find((line) => line.msg === 'feed-poll job done' && line.jobId === jobId),
      90_000,
    );
    expect(pollDone).toMatchObject({ requestId, feedId: feed.id, trigger: 'manual', itemsNew: 3 });
    // The poll queued its new articles for classification: those jobs carry the id on.
    const classified = await eventually(
      async () =>
        worker.logs().find((line) => line.msg === 'classify job done' && line.requestId === requestId),
      90_000,
    );
    expect(classified).toMatchObject({ requestId, scored: 3 });
    // Every line the worker wrote about the poll's job names the request.
    const aboutThePoll = worker.logs().filter((line) => line.jobId === jobId);
    expect(aboutThePoll.length).toBeGreaterThan(0);
    expect(aboutThePoll.every((line) => line.requestId === requestId)).toBe(true);

    const access = await eventually(async () => accessLines().find((line) => line.requestId === requestId));
    expect(access).toEqual({
      level: 'info',
      time: expect.any(String),
      pid: process.pid,
      context: 'AccessLog',
      msg: 'request',
      method: 'POST',
      route: '/api/v1/feeds/:id/poll',
      status: 202,
      durationMs: expect.any(Number),
      keyName: 'ADMIN_API_KEY',
      requestId,
    });
    expect(access.durationMs as number).toBeGreaterThan(0);
  }, 200_000);

  it('carries the id of an import into the classify jobs it queues', async () => {
    const requestId = `import-${Date.now()}`;
    const article = {
      url: 'https://tass.com/politics/request-id',
      title: 'Putin and Xi pledge deeper ties and trade',
      summary: 'Leaders met in Moscow.',
      publishedAt: '2025-05-08T14:20:00Z',
      outlet: 'TASS',
      language: 'en',
    };
    const response = await fetch(`${base}/api/v1/articles/import`, {
      method: 'POST',
      headers: admin(requestId),
      body: JSON.stringify({ articles: [article] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(await response.json()).toMatchObject({ imported: 1, relevant: 1 });
    const classified = await eventually(
      async () =>
        worker.logs().find((line) => line.msg === 'classify job done' && line.requestId === requestId),
      90_000,
    );
    expect(classified).toMatchObject({ scored: 1 });
    expect(accessLines().find((line) => line.requestId === requestId)).toMatchObject({
      method: 'POST',
      route: '/api/v1/articles/import',
      status: 200,
      keyName: 'ADMIN_API_KEY',
    });
  }, 120_000);

  it("carries the id of a webhook test into the worker's delivery attempt", async () => {
    const created = await fetch(`${base}/api/v1/webhooks`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ url: receiver.url('/hook') }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const requestId = `hook-${Date.now()}`;
    const tested = await fetch(`${base}/api/v1/webhooks/${id}/test`, {
      method: 'POST',
      headers: admin(requestId),
    });
    expect(tested.status).toBe(202);
    const attempt = await eventually(
      async () =>
        worker.logs().find((line) => line.msg === 'webhook attempt' && line.requestId === requestId),
      60_000,
    );
    expect(attempt).toMatchObject({ outcome: 'delivered' });
    expect(receiver.receipts('/hook')).toHaveLength(1);
  }, 90_000);

  it('makes an id where the client sent none or an unsafe one, and returns it on errors too', async () => {
    const plain = await fetch(`${base}/api/v1/feeds`);
    expect(plain.status).toBe(200);
    const made = plain.headers.get('x-request-id')!;
    expect(made).toMatch(UUID);

    for (const unsafe of ['has spaces', 'x'.repeat(129), '<script>']) {
      const refused = await fetch(`${base}/api/v1/feeds/not-a-number`, {
        headers: { 'x-request-id': unsafe },
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(refused.headers.get('x-request-id')).toMatch(UUID);
    }
    const unauthorised = await fetch(`${base}/api/v1/feeds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'no-key-1' },
      body: '{}',
    });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('x-request-id')).toBe('no-key-1');
    const nowhere = await fetch(`${base}/no/such/page`, { headers: { 'x-request-id': 'nowhere-1' } });
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get('x-request-id')).toBe('nowhere-1');

    const probe = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(probe.headers.get('x-request-id')).toBe('probe-1');

    const { key } = await new ApiKeyRepository(target.db).create('dashboard-reader', ['read']);
    const read = await fetch(`${base}/api/v1/feeds`, {
      headers: { authorization: `Bearer ${key}`, 'x-request-id': 'reader-1' },
    });
    expect(read.status).toBe(200);

    await eventually(async () => accessLines().some((line) => line.requestId === 'nowhere-1'));
    // A stored key goes by its name, never by the key.
    expect(byId('reader-1')).toMatchObject({
      route: '/api/v1/feeds',
      status: 200,
      keyName: 'dashboard-reader',
    });
    expect(output.text()).not.toContain(key);
    expect(byId(made)).toMatchObject({ method: 'GET', route: '/api/v1/feeds', status: 200, keyName: null });
    expect(byId('no-key-1')).toMatchObject({ route: '/api/v1/feeds', status: 401, keyName: null });
    // Neither the concrete path nor anything the client typed becomes the route.
    expect(byId('nowhere-1')).toMatchObject({ method: 'GET', route: null, status: 404 });
    // Probes and scrapes, every few seconds, are logged at debug level only.
    expect(byId('probe-1')).toBeUndefined();
    expect(output.text()).not.toContain('no/such/page');
    expect(output.text()).not.toContain(ADMIN_KEY);
  });
});
