import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../libs/config/src/index.js';
import { FeedPollRepository, FeedRepository } from '../../libs/feeds/src/index.js';
import { QueueName, feedSchedulerId } from '../../libs/queue/src/index.js';
import { RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { eventually } from '../support/eventually.js';
import { FAST_POLLING, testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testQueue, removeQueues, startInProcessWorker } from '../support/worker-fixture.js';

describe('the worker polls feeds on schedule', () => {
  let server: FeedServer;
  let target: TestDatabase;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let queue: Queue;

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
    config = testConfig(target.url, {
      ...FAST_POLLING,
      WORKER_QUEUES: 'feed-poll',
    });
    queue = testQueue(config, QueueName.FeedPoll);
  });

  afterAll(async () => {
    await worker?.close();
    await removeQueues(queue);
    await target.drop();
    await server.close();
  });

  it('polls new feeds, stores their articles, backs off the failing one, and keeps a scheduler per feed', async () => {
    server.serve('/desk.rss', { body: RSS_FEED, contentType: 'application/rss+xml', etag: '"d1"' });
    const feeds = new FeedRepository(target.db);
    const good = (await feeds.create(
      { url: server.url('/desk.rss'), outlet: 'Desk', country: 'INT', language: 'en', kind: 'independent' },
      'api',
      2,
    ))!;
    const bad = (await feeds.create(
      { url: server.url('/500'), outlet: 'Broken', country: 'RU', language: 'ru', kind: 'state' },
      'api',
      2,
    ))!;
    const off = (await feeds.create(
      { url: server.url('/never.rss'), outlet: 'Off', country: 'CN', language: 'zh', kind: 'state' },
      'api',
      2,
    ))!;
    await feeds.setEnabled(off.id, false);

    worker = await startInProcessWorker(config);

    await eventually(async () => {
      const rows = await target.db.query(`SELECT 1 FROM articles WHERE feed_id = $1`, [good.id]);
      return rows.length === 3;
    });
    // The failing feed is polled again after a backoff, and each failure is in its history.
    const polls = new FeedPollRepository(target.db);
    const history = await eventually(async () => {
      const list = await polls.listForFeed(bad.id);
      return list.length >= 2 ? list : null;
    });
    expect(history[0]).toMatchObject({ outcome: 'error', httpStatus: 500 });
    const badFeed = (await feeds.get(bad.id))!;
    expect(badFeed.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(badFeed.lastError).toMatch(/500/);
    expect(badFeed.enabled).toBe(true);

    // One scheduler per enabled feed, whose next run is the feed's next poll.
    const scheduler = await queue.getJobScheduler(feedSchedulerId(bad.id));
    expect(scheduler?.every).toBe(badFeed.pollIntervalSec * 1000);
    expect(await queue.getJobScheduler(feedSchedulerId(good.id))).toBeDefined();
    expect(await queue.getJobScheduler(feedSchedulerId(off.id))).toBeUndefined();
    expect(server.requestsTo('/never.rss')).toHaveLength(0);
    expect(server.requestsTo('/desk.rss')[0].headers['user-agent']).toMatch(/stancewatch/);

    // Polling on schedule never duplicates articles.
    await eventually(async () => server.requestsTo('/desk.rss').length >= 2);
    const articles = await target.db.query(`SELECT count(*)::int AS n FROM articles WHERE feed_id = $1`, [
      good.id,
    ]);
    expect(articles[0]).toEqual({ n: 3 });
  });
});
