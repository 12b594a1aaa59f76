import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { createApi } from '../../apps/api/src/create-api.js';
import {
  EventDispatcher,
  newEventId,
  webhookAddressGuard,
  type AlertEvent,
  postWebhook,
} from '../../libs/alerts/src/index.js';
import { jsonLogger, type AppConfig } from '../../libs/config/src/index.js';
import { JOBS, QueueName } from '../../libs/queue/src/index.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type Receipt, type WebhookReceiver } from '../support/webhook-receiver.js';
import { listenLocally } from '../support/listen-locally.js';
import { testQueue, removeQueues, startInProcessWorker } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const DASHBOARD = 'https://dash.example.org/';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Json = any;

describe('signed webhooks, delivered by the worker', () => {
  let receiver: WebhookReceiver;
  let target: TestDatabase;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dispatcher: EventDispatcher;
  let queue: Queue;
  let base: string;
  let output: CapturedOutput;
  const secrets: string[] = [];
  const responses: string[] = [];

  beforeAll(async () => {
    output = captureOutput();
    receiver = await startWebhookReceiver();
    target = await createTestDatabase();
    config = testConfig(target.url, {
      ADMIN_API_KEY: ADMIN_KEY,
      WORKER_QUEUES: 'webhook-deliver',
      WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
      // The schedule becomes 5 ms, 300 ms, 1.8 s, ...; Retry-After is never scaled.
      WEBHOOK_RETRY_SCALE: '0.001',
      WEBHOOK_TIMEOUT_MS: '1000',
      DASHBOARD_URL: DASHBOARD,
      LOG_LEVEL: 'verbose',
    });
    api = await createApi(config);
    base = await listenLocally(api);
    worker = await startInProcessWorker(config, jsonLogger('verbose', 'worker'));
    dispatcher = worker.get(EventDispatcher, { strict: false });
    queue = testQueue(config, QueueName.WebhookDeliver);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await removeQueues(queue);
    await target.drop();
    await receiver.close();
    output.restore();
  });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Json }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    responses.push(text);
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };

  const register = async (path: string, extra: Record<string, unknown> = {}) => {
    const { status, json } = await call('POST', '/api/v1/webhooks', { url: receiver.url(path), ...extra });
    expect(status).toBe(201);
    secrets.push(json.secret);
    return json as { id: number; secret: string };
  };

  const event = (
    summary = 'Mean stance of TASS moved from 0.12 to 0.41 (+2.9 sd) in the last 6 h',
  ): AlertEvent => ({
    id: newEventId(),
    type: 'alert.firing',
    occurredAt: new Date('2025-05-08T12:00:00Z'),
    data: { metric: 'mean_stance', value: 0.41, baseline: 0.12 },
    summary,
  });

  const delivery = async (endpointId: number): Promise<Json> => {
    const { json } = await call('GET', `/api/v1/webhooks/${endpointId}/deliveries`);
    return json.deliveries[0];
  };

  const verify = (secret: string, receipt: Receipt) =>
    new Webhook(secret).verify(receipt.body, receipt.headers as Record<string, string>);

  it('delivers an event that standardwebhooks verifies, with the exact bytes stored, once', async () => {
    const endpoint = await register('/signed');
    const firing = event();
    expect(await dispatcher.dispatch(firing)).toEqual({ deliveries: 1 });
    const [receipt] = await eventually(
      async () => receiver.receipts('/signed').length === 1 && receiver.receipts('/signed'),
    );

    expect(receipt.headers['webhook-id']).toBe(firing.id);
    expect(verify(endpoint.secret, receipt)).toMatchObject({
      id: firing.id,
      type: 'alert.firing',
      data: firing.data,
    });
    const [stored] = await target.db.query<{ body: string }>(
      `SELECT body FROM webhook_deliveries WHERE event_id = $1`,
      [firing.id],
    );
    expect(receipt.body).toBe(stored.body);
    expect(receipt.headers['content-type']).toBe('application/json');

    const listed = await eventually(async () =>
      (await delivery(endpoint.id))?.status === 'delivered' ? delivery(endpoint.id) : null,
    );
    expect(listed).toMatchObject({ eventId: firing.id, attempts: 1, lastStatusCode: 200, lastError: null });

    // The same event again makes no second delivery and sends nothing twice.
    expect(await dispatcher.dispatch(firing)).toEqual({ deliveries: 1 });
    await sleep(500);
    expect(receiver.receipts('/signed')).toHaveLength(1);
  });

  it('keeps retrying a receiver that is down, and delivers once with the same webhook-id when it is back', async () => {
    const down = await startWebhookReceiver();
    const { json: endpoint } = await call('POST', '/api/v1/webhooks', { url: down.url('/back') });
    secrets.push(endpoint.secret);
    await down.stop();
    const firing = event();
    await dispatcher.dispatch(firing);
    const failing = await eventually(async () => {
      const row = await delivery(endpoint.id);
      return row?.attempts >= 2 ? row : null;
    });
    expect(failing).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(failing.lastError).toMatch(/ECONNREFUSED/);
    expect(new Date(failing.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() - 5_000);

    await down.start();
    const [receipt] = await eventually(
      async () => down.receipts('/back').length > 0 && down.receipts('/back'),
    );
    expect(receipt.headers['webhook-id']).toBe(firing.id);
    expect(verify(endpoint.secret, receipt)).toMatchObject({ id: firing.id });
    const done = await eventually(async () =>
      (await delivery(endpoint.id)).status === 'delivered' ? delivery(endpoint.id) : null,
    );
    expect(done.attempts).toBeGreaterThanOrEqual(3);

    // A job for it that runs again (a retried or duplicated job) sends nothing after the success.
    await queue.add(JOBS.webhookDeliver.name, { deliveryId: done.id }, { jobId: `again-${done.id}` });
    await sleep(1_000);
    expect(down.receipts('/back')).toHaveLength(1);
    expect((await delivery(endpoint.id)).attempts).toBe(done.attempts);
    await down.close();
  });

  it('retries a 500 and records the status codes', async () => {
    const endpoint = await register('/flaky');
    receiver.script('/flaky', [{ status: 500, body: 'database is down' }]);
    const firing = event();
    await dispatcher.dispatch(firing);
    const receipts = await eventually(
      async () => receiver.receipts('/flaky').length === 2 && receiver.receipts('/flaky'),
    );
    expect(receipts.map((r) => r.headers['webhook-id'])).toEqual([firing.id, firing.id]);
    expect(receipts.map((r) => r.body)).toEqual([receipts[0].body, receipts[0].body]);
    for (const receipt of receipts) expect(verify(endpoint.secret, receipt)).toMatchObject({ id: firing.id });
    const done = await eventually(async () =>
      (await delivery(endpoint.id)).status === 'delivered' ? delivery(endpoint.id) : null,
    );
    expect(done).toMatchObject({ attempts: 2, lastStatusCode: 200 });
  });

  it('rides out a timeout and a 500, delivers on the 200 with the same webhook-id, then sends no more', async () => {
    const endpoint = await register('/moody');
    receiver.script('/moody', [
      { status: 200, delayMs: 3_000 }, // answers after the 1 s timeout: a failed attempt
      { status: 500, body: 'try later' },
    ]);
    const firing = event();
    await dispatcher.dispatch(firing);
    const done = await eventually(async () =>
      (await delivery(endpoint.id)).status === 'delivered' ? delivery(endpoint.id) : null,
    );
    expect(done).toMatchObject({ attempts: 3, lastStatusCode: 200 });
    const receipts = receiver.receipts('/moody');
    expect(receipts.map((r) => r.headers['webhook-id'])).toEqual([firing.id, firing.id, firing.id]);
    expect(new Set(receipts.map((r) => r.body)).size).toBe(1);
    for (const receipt of receipts) expect(verify(endpoint.secret, receipt)).toMatchObject({ id: firing.id });
    await sleep(1_500); // longer than the next step of the (scaled) retry schedule
    expect(receiver.receipts('/moody')).toHaveLength(3);
  });

  it('waits as long as Retry-After asks before the next attempt', async () => {
    await register('/busy');
    receiver.script('/busy', [{ status: 503, headers: { 'retry-after': '2' } }]);
    await dispatcher.dispatch(event());
    const receipts = await eventually(
      async () => receiver.receipts('/busy').length === 2 && receiver.receipts('/busy'),
    );
    // The schedule alone would retry after ~5 ms here.
    expect(receipts[1].at - receipts[0].at).toBeGreaterThanOrEqual(1_900);
  });

  it('disables an endpoint that answers 410 Gone, and fails the delivery', async () => {
    const endpoint = await register('/gone');
    receiver.script('/gone', [{ status: 410 }]);
    await dispatcher.dispatch(event());
    const failed = await eventually(async () =>
      (await delivery(endpoint.id)).status === 'failed' ? delivery(endpoint.id) : null,
    );
    expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 410 });
    const { json } = await call('GET', `/api/v1/webhooks/${endpoint.id}`);
    expect(json).toMatchObject({ enabled: false });
    expect(json.disabledReason).toMatch(/410/);
    await dispatcher.dispatch(event());
    await sleep(300);
    expect(receiver.receipts('/gone')).toHaveLength(1);
    expect((await call('POST', `/api/v1/webhooks/${endpoint.id}/test`)).status).toBe(409);
  });

  it('counts a receiver that does not answer in time as a failure', async () => {
    const endpoint = await register('/hang');
    receiver.script(
      '/hang',
      Array.from({ length: 10 }, () => ({ status: 200, delayMs: 3_000 })),
    );
    await dispatcher.dispatch(event());
    const row = await eventually(async () => {
      const latest = await delivery(endpoint.id);
      return latest?.attempts >= 1 ? latest : null;
    });
    expect(row).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(row.lastError).toMatch(/no answer within 1000 ms/);
    expect((await call('DELETE', `/api/v1/webhooks/${endpoint.id}`)).status).toBe(204);
  });

  it('refuses private and metadata URLs at registration unless WEBHOOK_ALLOW_CIDRS allows them', async () => {
    for (const [url, reason] of [
      ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 \(cloud metadata\)/],
      ['http://10.0.0.5/hook', /10\.0\.0\.5 \(private\)/],
      ['http://[::ffff:192.168.1.1]/hook', /private/],
    ] as const) {
      const { status, json } = await call('POST', '/api/v1/webhooks', { url });
      expect(status).toBe(400);
      expect(json.detail).toMatch(reason);
      expect(json.detail).toMatch(/WEBHOOK_ALLOW_CIDRS/);
    }
    const ftp = await call('POST', '/api/v1/webhooks', { url: 'ftp://example.org/hook' });
    expect(ftp.status).toBe(400);
    expect(ftp.json.detail).toMatch(/http or https/);

    // At send time too, checked when connecting (a name that resolves to loopback is refused).
    const before = receiver.receipts('/private').length;
    const sent = await postWebhook(`http://localhost:${receiver.port}/private`, {}, '{}', {
      guard: webhookAddressGuard([]),
      timeoutMs: 1000,
      userAgent: 'test',
    });
    expect(sent).toMatchObject({ kind: 'no-answer', blocked: true });
    expect(sent.kind === 'no-answer' && sent.error).toMatch(/loopback.*WEBHOOK_ALLOW_CIDRS/);
    expect(receiver.receipts('/private')).toHaveLength(before);
  });

  it('sends a Slack-compatible body, signed the same way', async () => {
    const endpoint = await register('/slack', { slack: true, eventTypes: ['alert.firing'] });
    await dispatcher.dispatch(event('Share critical of <Xinhua> & RIA rose to 31% (+12 points)'));
    const [receipt] = await eventually(
      async () => receiver.receipts('/slack').length === 1 && receiver.receipts('/slack'),
    );
    const body = verify(endpoint.secret, receipt) as Json;
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toBe(
      'Share critical of &lt;Xinhua&gt; &amp; RIA rose to 31% (+12 points)\n' +
        `<${DASHBOARD}|Open the stancewatch dashboard>`,
    );
    // Subscribed to alert.firing only: a resolved event does not go there.
    await dispatcher.dispatch({ ...event(), type: 'alert.resolved' });
    await sleep(300);
    expect(receiver.receipts('/slack')).toHaveLength(1);
  });

  it('sends a test event and redelivers a delivered one with the same webhook-id and body', async () => {
    const endpoint = await register('/manual');
    const queued = await call('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    expect(queued.status).toBe(202);
    const [first] = await eventually(
      async () => receiver.receipts('/manual').length === 1 && receiver.receipts('/manual'),
    );
    expect(verify(endpoint.secret, first)).toMatchObject({ id: queued.json.eventId, type: 'test' });
    await eventually(async () => (await delivery(endpoint.id)).status === 'delivered');

    const again = await call('POST', `/api/v1/webhooks/deliveries/${queued.json.deliveryId}/redeliver`);
    expect(again.status).toBe(202);
    const receipts = await eventually(
      async () => receiver.receipts('/manual').length === 2 && receiver.receipts('/manual'),
    );
    expect(receipts[1].headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(receipts[1].body).toBe(first.body);
    expect(verify(endpoint.secret, receipts[1])).toMatchObject({ id: queued.json.eventId });
    const done = await eventually(async () => {
      const row = await delivery(endpoint.id);
      return row.status === 'delivered' && row.attempts === 2 ? row : null;
    });
    expect(done.lastStatusCode).toBe(200);
    expect((await call('POST', '/api/v1/webhooks/deliveries/999999/redeliver')).status).toBe(404);
  });

  it('disables, re-enables and deletes endpoints; checks its input', async () => {
    const endpoint = await register('/admin', { description: 'ops channel' });
    const off = await call('PATCH', `/api/v1/webhooks/${endpoint.id}`, { enabled: false });
    expect(off.json).toMatchObject({ enabled: false, disabledReason: 'disabled by an operator' });
    const on = await call('PATCH', `/api/v1/webhooks/${endpoint.id}`, {
      enabled: true,
      eventTypes: ['test'],
    });
    expect(on.json).toMatchObject({
      enabled: true,
      disabledReason: null,
      eventTypes: ['test'],
      description: 'ops channel',
    });
    const bad = await call('POST', '/api/v1/webhooks', {
      url: receiver.url('/x'),
      eventTypes: ['alert.fired'],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/body\.eventTypes\.0: expected event types among alert\.firing/);
    expect((await call('PATCH', `/api/v1/webhooks/${endpoint.id}`, {})).status).toBe(400);
    expect((await call('DELETE', `/api/v1/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/webhooks/${endpoint.id}`)).status).toBe(404);
    const anonymous = await fetch(`${base}/api/v1/webhooks`);
    expect(anonymous.status).toBe(401);
  });

  it('never shows a secret again: not in listings, responses or logs', async () => {
    const { json } = await call('GET', '/api/v1/webhooks');
    expect(json.webhooks.length).toBeGreaterThanOrEqual(5);
    for (const webhook of json.webhooks) expect(Object.keys(webhook)).not.toContain('secret');
    await call('GET', '/docs-json');
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const logs = output.text();
    expect(logs).toMatch(/webhook attempt/); // the capture did see the worker's logs
    // Each secret appears in exactly one response: the one that created it.
    for (const secret of secrets) {
      const key = secret.slice('whsec_'.length);
      expect(responses.filter((text) => text.includes(key))).toHaveLength(1);
      expect(logs).not.toContain(key);
    }
  });
});
