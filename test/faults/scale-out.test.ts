import type { Queue } from 'bullmq';
import { FeedRepository } from '../../libs/feeds/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { relevantRss } from '../support/generated-feed.js';
import { expectRollupsExact, rollupsAgainstRecount, scoresPerArticle } from '../support/score-checks.js';
import { FAST_POLLING, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { WorkerProcesses } from '../support/worker-process.js';
import { testQueue, queuePlaceOf, removeQueuesAt } from '../support/worker-fixture.js';

const FEEDS = 4;
const ITEMS_PER_FEED = 90;
const BATCH = 15;

describe('two classify workers and a poller on one Redis and one database', () => {
  let server: FeedServer;
  let target: TestDatabase;
  let env: Record<string, string>;
  let queue: Queue;
  const workers = new WorkerProcesses();

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
    env = testEnvironment(target.url, {
      CLASSIFY_BATCH_SIZE: String(BATCH),
      ...FAST_POLLING,
      LOG_LEVEL: 'log',
    });
    queue = testQueue(queuePlaceOf(env), QueueName.Classify);
  });

  afterAll(async () => {
    await workers.killAll();
    await queue.close();
    await removeQueuesAt(queuePlaceOf(env), QueueName.Classify, QueueName.FeedPoll, QueueName.AlertsEvaluate);
    await target.drop();
    await server.close();
  });

  it('shares the work: every article is stored and scored exactly once, and the rollups are exact', async () => {
    const feeds = new FeedRepository(target.db);
    for (let i = 0; i < FEEDS; i++) {
      server.serve(`/desk-${i}.rss`, { body: relevantRss(`desk${i}`, ITEMS_PER_FEED), etag: `"d${i}"` });
      await feeds.create(
        {
          url: server.url(`/desk-${i}.rss`),
          outlet: `Desk ${i}`,
          country: 'INT',
          language: 'en',
          kind: 'wire',
        },
        'api',
        2,
      );
    }
    const classifiers = [0, 1].map(() => workers.start({ ...env, WORKER_QUEUES: 'classify' }));
    await eventually(async () => (await queue.getWorkersCount()) === 2, 60_000);
    workers.start({ ...env, WORKER_QUEUES: 'feed-poll' });

    const total = FEEDS * ITEMS_PER_FEED;
    await eventually(async () => {
      const [row] = await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`);
      return row.n >= total;
    }, 150_000);
    const articles = await target.db.query<{ id: number; relevant: boolean }>(
      `SELECT id, is_relevant AS relevant FROM articles ORDER BY id`,
    );
    expect(articles).toHaveLength(total);
    expect(articles.every((article) => article.relevant)).toBe(true);
    // Feeds are polled again meanwhile (conditional GETs): still nothing twice.
    await eventually(async () => server.requestsTo('/desk-0.rss').length >= 2, 30_000);
    expect(
      await scoresPerArticle(
        target.db,
        articles.map((article) => article.id),
      ),
    ).toEqual({ missing: 0, doubled: 0, scored: total });

    // Both classify processes took part; no batch was scored by both.
    const done = classifiers.map((worker) =>
      worker.logs().filter((line) => line.msg === 'classify job done' && Number(line.scored) > 0),
    );
    for (const jobs of done) expect(jobs.length).toBeGreaterThan(0);
    const scoredByProcess = done.map((jobs) => jobs.reduce((sum, line) => sum + Number(line.scored), 0));
    expect(scoredByProcess[0] + scoredByProcess[1]).toBe(total);
    expectRollupsExact(await rollupsAgainstRecount(target.db));
    for (const worker of workers.all()) expect(worker.child.exitCode).toBeNull();
  }, 240_000);
});
