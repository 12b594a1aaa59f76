import { Logger, type INestApplicationContext } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import type { AppConfig } from '../../libs/config/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { stancewatch } from '../support/run-cli.js';
import { recordingLogger } from '../support/recording-logger.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { removeQueuesAt, startInProcessWorker } from '../support/worker-fixture.js';

describe('stancewatch webhooks, with a worker delivering', () => {
  let receiver: WebhookReceiver;
  let target: TestDatabase;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let env: Record<string, string>;
  const workerLog = recordingLogger('worker');

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    target = await createTestDatabase();
    config = testConfig(target.url, { WORKER_QUEUES: 'webhook-deliver', WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8' });
    // What the worker did is printed when a wait on it fails (the quiet default keeps errors only).
    Logger.overrideLogger(['log', 'warn', 'error']);
    worker = await startInProcessWorker(config, workerLog.logger);
    env = {
      DATABASE_URL: target.url,
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
    };
  });

  afterAll(async () => {
    await worker?.close();
    await removeQueuesAt(config, QueueName.WebhookDeliver);
    await target.drop();
    await receiver.close();
  });

  it('adds an endpoint, lists it without its secret, sends it a test event and shows the delivery', async () => {
    const added = await stancewatch(
      ['webhooks', 'add', receiver.url('/cli'), '--events', 'test', '--json'],
      env,
    );
    expect(added).toMatchObject({ code: 0 });
    const created = JSON.parse(added.stdout);
    expect(Object.keys(created).sort()).toEqual(['id', 'secret']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const listed = await stancewatch(['webhooks', 'list', '--json'], env);
    expect(listed).toMatchObject({ code: 0 });
    const endpoints = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(endpoints).toEqual([
      expect.objectContaining({
        id: created.id,
        url: receiver.url('/cli'),
        eventTypes: ['test'],
        enabled: true,
      }),
    ]);
    expect(listed.stdout + listed.stderr).not.toContain(created.secret.slice('whsec_'.length));
    expect((await stancewatch(['webhooks', 'list'], env)).stdout).toMatch(
      /on\s+test\s+event\s+http:\/\/127\.0\.0\.1/,
    );

    const tested = await stancewatch(['webhooks', 'test', String(created.id), '--json'], env);
    expect(tested).toMatchObject({ code: 0 });
    const { eventId, deliveryId } = JSON.parse(tested.stdout);
    const [receipt] = await workerLog.explaining(
      eventually(async () => receiver.receipts('/cli').length > 0 && receiver.receipts('/cli')),
    );
    expect(receipt.headers['webhook-id']).toBe(eventId);
    expect(
      new Webhook(created.secret).verify(receipt.body, receipt.headers as Record<string, string>),
    ).toMatchObject({
      id: eventId,
      type: 'test',
    });

    const shown = await workerLog.explaining(
      eventually(async () => {
        const run = await stancewatch(['webhooks', 'deliveries', String(created.id), '--json'], env);
        const [row] = run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        return row?.status === 'delivered' ? row : null;
      }),
    );
    expect(shown).toMatchObject({
      id: deliveryId,
      eventId,
      eventType: 'test',
      attempts: 1,
      lastStatusCode: 200,
    });
    const plain = await stancewatch(['webhooks', 'deliveries', String(created.id)], env);
    expect(plain.stdout).toMatch(new RegExp(`delivered\\s+test\\s+${eventId}\\s+attempts 1\\s+last 200`));
  });

  it('prints the secret once without --json, and refuses what it cannot do with a one-line reason', async () => {
    const plain = await stancewatch(['webhooks', 'add', receiver.url('/plain'), '--slack'], env);
    expect(plain).toMatchObject({ code: 0 });
    expect(plain.stdout.trim()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(plain.stderr).toMatch(/shown this once/);

    const metadata = await stancewatch(['webhooks', 'add', 'http://169.254.169.254/hook'], env);
    expect(metadata).toMatchObject({ code: 1 });
    expect(metadata.stderr).toMatch(/cloud metadata.*WEBHOOK_ALLOW_CIDRS/);
    const loopback = await stancewatch(['webhooks', 'add', receiver.url('/x')], {
      ...env,
      WEBHOOK_ALLOW_CIDRS: '',
    });
    expect(loopback).toMatchObject({ code: 1 });
    expect(loopback.stderr).toMatch(/loopback.*WEBHOOK_ALLOW_CIDRS/);

    const badEvents = await stancewatch(
      ['webhooks', 'add', receiver.url('/x'), '--events', 'alert.fired'],
      env,
    );
    expect(badEvents).toMatchObject({ code: 2 });
    expect(badEvents.stderr).toMatch(/--events: unknown event type alert\.fired/);
    const missing = await stancewatch(['webhooks', 'test', '999'], env);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr.trim()).toBe('stancewatch: no webhook endpoint with id 999');
  });
});
