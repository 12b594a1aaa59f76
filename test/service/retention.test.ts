import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { WebhookDeliveryRepository } from '../../libs/alerts/src/index.js';
import type { AppConfig } from '../../libs/config/src/index.js';
import { FeedPollRepository, FeedRepository } from '../../libs/feeds/src/index.js';
import { JOBS, QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { removeQueues, startInProcessWorker, testQueue } from '../support/worker-fixture.js';

/**
 * Retention: the poll history and settled webhook deliveries past their limits are deleted by an
 * hourly prune on the worker; newer rows, pending deliveries and failed ones within their longer limit
 * stay. Rows are written with ages in the past, straight into a real PostgreSQL.
 */
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

describe('retention', () => {
  let target: TestDatabase;
  let config: AppConfig;
  let feedId: number;
  let endpointId: number;
  const queues: Queue[] = [];
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    target = await createTestDatabase();
    config = testConfig(target.url, {
      WORKER_QUEUES: 'feed-poll,webhook-deliver',
      FEED_POLLS_RETENTION_DAYS: '30',
      DELIVERIES_RETENTION_DAYS: '7',
      FAILED_DELIVERIES_RETENTION_DAYS: '60',
    });
    const feed = await new FeedRepository(target.db).create(
      { url: 'http://127.0.0.1:9/feed.rss', outlet: 'Desk', country: 'INT', language: 'en', kind: 'wire' },
      'api',
      1800,
    );
    feedId = feed!.id;
    // Disabled, so the worker's start makes no poll of its own.
    await new FeedRepository(target.db).setEnabled(feedId, false);
    const [endpoint] = await target.db.query<{ id: number }>(
      `INSERT INTO webhook_endpoints (url, secret) VALUES ('http://127.0.0.1:9/hook', 'whsec_dGVzdA==') RETURNING id`,
    );
    endpointId = endpoint!.id;
  });

  afterAll(async () => {
    await worker?.close();
    await removeQueues(...queues);
    await target?.drop();
  });

  /** Poll rows `ages` days old; returns their ages back from what is left. */
  const addPolls = async (ages: number[]) => {
    for (const age of ages)
      await target.db.query(
        `INSERT INTO feed_polls (feed_id, started_at, duration_ms, outcome, conditional, next_poll_at, interval_sec)
         VALUES ($1, $2, 10, 'ok', false, $2, 1800)`,
        [feedId, daysAgo(age)],
      );
  };
  const pollAges = async () =>
    (
      await target.db.query<{ age: number }>(
        `SELECT round(extract(epoch FROM now() - started_at) / 86400)::int AS age FROM feed_polls
         WHERE feed_id = $1 ORDER BY age`,
        [feedId],
      )
    ).map((r) => r.age);

  /** A delivery by its event id, settled `age` days ago (delivered or failed), or pending. */
  const addDelivery = async (eventId: string, status: 'pending' | 'delivered' | 'failed', age: number) =>
    target.db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, status, attempts,
         last_attempt_at, delivered_at, created_at)
       VALUES ($1, $2, 'test', '{}', $3, 1, $4, CASE WHEN $3 = 'delivered' THEN $4::timestamptz END, $4)`,
      [endpointId, eventId, status, daysAgo(age)],
    );
  const deliveryEvents = async () =>
    (
      await target.db.query<{ event_id: string }>(
        `SELECT event_id FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY event_id`,
        [endpointId],
      )
    ).map((r) => r.event_id);

  it('deletes polls older than the limit in bounded batches, and keeps the newer ones', async () => {
    await addPolls([45, 40, 35, 31, 29, 10, 0]);
    const deleted = await new FeedPollRepository(target.db).pruneOlderThan(daysAgo(30), 2);
    expect(deleted).toBe(4);
    expect(await pollAges()).toEqual([0, 10, 29]);
    await target.db.query(`DELETE FROM feed_polls`);
  });

  it('deletes delivered and failed deliveries past their limits; keeps pending, newer and redelivered ones', async () => {
    await addDelivery('delivered-old', 'delivered', 8);
    await addDelivery('delivered-new', 'delivered', 6);
    await addDelivery('failed-within-limit', 'failed', 30);
    await addDelivery('failed-old', 'failed', 61);
    await addDelivery('pending-old', 'pending', 90);
    // Failed long ago, then redelivered by a person: pending again, so it stays.
    await addDelivery('redelivered', 'failed', 90);
    const deliveries = new WebhookDeliveryRepository(target.db);
    const [redelivered] = await target.db.query<{ id: number }>(
      `SELECT id FROM webhook_deliveries WHERE event_id = 'redelivered'`,
    );
    expect(await deliveries.startRound(redelivered!.id)).not.toBeNull();

    expect(await deliveries.pruneSettled(daysAgo(7), daysAgo(60), 1)).toEqual({ delivered: 1, failed: 1 });
    expect(await deliveryEvents()).toEqual([
      'delivered-new',
      'failed-within-limit',
      'pending-old',
      'redelivered',
    ]);
    await target.db.query(`DELETE FROM webhook_deliveries`);
  });

  it('runs both prunes on hourly job schedulers of the worker, with the configured limits', async () => {
    await addPolls([31, 29]);
    await addDelivery('delivered-old', 'delivered', 8);
    await addDelivery('delivered-new', 'delivered', 6);
    await addDelivery('failed-within-limit', 'failed', 59);
    await addDelivery('failed-old', 'failed', 61);

    worker = await startInProcessWorker(config);
    const polls = testQueue(config, QueueName.FeedPoll);
    const webhooks = testQueue(config, QueueName.WebhookDeliver);
    queues.push(polls, webhooks);
    expect(await polls.getJobScheduler(JOBS.feedPollsPrune.scheduler.id)).toMatchObject({
      name: 'prune',
      every: 3_600_000,
    });
    expect(await webhooks.getJobScheduler(JOBS.deliveriesPrune.scheduler.id)).toMatchObject({
      name: 'prune',
      every: 3_600_000,
    });
    // A scheduler with `every` runs its first job at once.
    await eventually(async () => (await pollAges()).length === 1);
    expect(await pollAges()).toEqual([29]);
    await eventually(async () => (await deliveryEvents()).length === 2);
    expect(await deliveryEvents()).toEqual(['delivered-new', 'failed-within-limit']);
  });
});
