import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { eventBody, newEventId, WebhookAdmin, type AlertEvent } from '../../libs/alerts/src/index.js';
import { jsonLogger, type AppConfig } from '../../libs/config/src/index.js';
import { JOBS, QueueName, webhookDeliverJobId } from '../../libs/queue/src/index.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type Receipt, type WebhookReceiver } from '../support/webhook-receiver.js';
import { testQueue, removeQueues, startInProcessWorker } from '../support/worker-fixture.js';

const DASHBOARD = 'https://dash.example.org/';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A crash between storing a delivery and queueing its job (or Redis losing the job) leaves a pending
 * row with no job. The worker's sweep (every second here) finds it once it is overdue and sends it.
 */
describe('the sweep for deliveries whose job was lost', () => {
  let receiver: WebhookReceiver;
  let target: TestDatabase;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let queue: Queue;
  let output: CapturedOutput;
  let endpoint: { id: number; secret: string };

  beforeAll(async () => {
    output = captureOutput();
    receiver = await startWebhookReceiver();
    target = await createTestDatabase();
    config = testConfig(target.url, {
      WORKER_QUEUES: 'webhook-deliver',
      WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
      WEBHOOK_RETRY_SCALE: '0.001',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_SWEEP_EVERY_SEC: '1',
      DASHBOARD_URL: DASHBOARD,
      LOG_LEVEL: 'verbose',
    });
    worker = await startInProcessWorker(config, jsonLogger('verbose', 'worker'));
    const registered = await worker.get(WebhookAdmin, { strict: false }).register({
      url: receiver.url('/hook'),
      description: null,
      eventTypes: [],
      slack: false,
    });
    endpoint = { id: registered.endpoint.id, secret: registered.secret };
    queue = testQueue(config, QueueName.WebhookDeliver);
  });

  afterAll(async () => {
    await worker?.close();
    await removeQueues(queue);
    await target?.drop();
    await receiver?.close();
    output?.restore();
  });

  const event = (summary: string): AlertEvent => ({
    id: newEventId(),
    type: 'alert.firing',
    occurredAt: new Date('2025-05-08T12:00:00Z'),
    data: { metric: 'mean_stance', value: 0.41 },
    summary,
  });

  /** A delivery row as the dispatcher stores it, with its times set back; no job is queued. */
  const storeWithoutJob = async (
    summary: string,
    row: { status: string; attempts?: number; nextAttemptAgo: string | null; createdAgo: string },
  ): Promise<{ id: number; eventId: string; body: string }> => {
    const stored = event(summary);
    const body = eventBody(stored, false, DASHBOARD);
    const [{ id }] = await target.db.query<{ id: string }>(
      `INSERT INTO webhook_deliveries
         (endpoint_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at,
          delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6,
               now() - $7::interval, now() - $8::interval,
               CASE WHEN $5 = 'delivered' THEN now() - $8::interval END)
       RETURNING id`,
      [
        endpoint.id,
        stored.id,
        stored.type,
        body,
        row.status,
        row.attempts ?? 0,
        row.nextAttemptAgo,
        row.createdAgo,
      ],
    );
    return { id: Number(id), eventId: stored.id, body };
  };

  const receiptsOf = (eventId: string): Receipt[] =>
    receiver.receipts('/hook').filter((receipt) => receipt.headers['webhook-id'] === eventId);

  const status = async (id: number) => {
    const [row] = await target.db.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM webhook_deliveries WHERE id = $1`,
      [id],
    );
    return row;
  };

  it('sends an overdue pending delivery once, signed, with its stored webhook-id and body; leaves the rest', async () => {
    const stranded = await storeWithoutJob('stranded: due two minutes ago', {
      status: 'pending',
      nextAttemptAgo: '2 minutes',
      createdAgo: '2 minutes',
    });
    const undated = await storeWithoutJob('stranded: no next attempt set', {
      status: 'pending',
      nextAttemptAgo: null,
      createdAgo: '5 minutes',
    });
    const delivered = await storeWithoutJob('delivered an hour ago', {
      status: 'delivered',
      attempts: 1,
      nextAttemptAgo: null,
      createdAgo: '1 hour',
    });
    const recent = await storeWithoutJob('due ten seconds ago: not overdue yet', {
      status: 'pending',
      nextAttemptAgo: '10 seconds',
      createdAgo: '10 seconds',
    });

    for (const lost of [stranded, undated]) {
      const [receipt] = await eventually(
        async () => receiptsOf(lost.eventId).length > 0 && receiptsOf(lost.eventId),
      );
      expect(receipt.body).toBe(lost.body);
      expect(
        new Webhook(endpoint.secret).verify(receipt.body, receipt.headers as Record<string, string>),
      ).toMatchObject({
        id: lost.eventId,
        type: 'alert.firing',
      });
      await eventually(async () => (await status(lost.id)).status === 'delivered');
    }

    // Several more sweeps: nothing is sent twice, the delivered row is never sent, and a delivery that
    // is due only seconds ago is left to its own job.
    await sleep(3_500);
    expect(receiptsOf(stranded.eventId)).toHaveLength(1);
    expect(receiptsOf(undated.eventId)).toHaveLength(1);
    expect(receiptsOf(delivered.eventId)).toHaveLength(0);
    expect(receiptsOf(recent.eventId)).toHaveLength(0);
    expect(await status(stranded.id)).toEqual({ status: 'delivered', attempts: 1 });
    expect(await status(delivered.id)).toEqual({ status: 'delivered', attempts: 1 });
    expect(await status(recent.id)).toEqual({ status: 'pending', attempts: 0 });
    expect(output.text()).toMatch(/webhook sweep/);
  });

  it('runs again a finished job whose delivery is still pending (its attempts spent on our own failures)', async () => {
    // The job has run to completion while the row was delivered; then the row is pending again
    // with the same round, as when a job's attempts ran out before the delivery was recorded.
    const row = await storeWithoutJob('finished job, pending row', {
      status: 'delivered',
      attempts: 1,
      nextAttemptAgo: null,
      createdAgo: '3 minutes',
    });
    const job = await queue.add(
      JOBS.webhookDeliver.name,
      { deliveryId: row.id },
      { jobId: webhookDeliverJobId(row.id, 0) },
    );
    await eventually(async () => (await job.getState()) === 'completed');
    expect(receiptsOf(row.eventId)).toHaveLength(0);
    await target.db.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() - interval '2 minutes'
       WHERE id = $1`,
      [row.id],
    );

    const [receipt] = await eventually(
      async () => receiptsOf(row.eventId).length > 0 && receiptsOf(row.eventId),
    );
    expect(receipt.body).toBe(row.body);
    await eventually(async () => (await status(row.id)).status === 'delivered');
    await sleep(2_500);
    expect(receiptsOf(row.eventId)).toHaveLength(1);
    expect(await status(row.id)).toEqual({ status: 'delivered', attempts: 2 });
  });
});
