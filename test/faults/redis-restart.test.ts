import type { Queue } from 'bullmq';
import { ClassifyProducer, QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { startOwnRedis, type OwnRedis } from '../support/redis-server.js';
import {
  expectRollupsExact,
  insertFeed,
  insertRelevantArticles,
  rollupsAgainstRecount,
  scoredCount,
  scoresPerArticle,
} from '../support/score-checks.js';
import { testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { WorkerProcesses } from '../support/worker-process.js';
import { testQueue, queuePlaceOf } from '../support/worker-fixture.js';

const FIRST = 800;
const SECOND = 200;
const BATCH = 50;

describe('Redis crashes and comes back while classify jobs wait and run', () => {
  let redis: OwnRedis;
  let target: TestDatabase;
  let env: Record<string, string>;
  let queue: Queue;
  const workers = new WorkerProcesses();

  beforeAll(async () => {
    redis = await startOwnRedis();
    target = await createTestDatabase();
    env = testEnvironment(target.url, {
      REDIS_URL: redis.url,
      WORKER_QUEUES: 'classify',
      CLASSIFY_BATCH_SIZE: String(BATCH),
    });
    queue = testQueue(queuePlaceOf(env), QueueName.Classify);
  });

  afterAll(async () => {
    await workers.killAll();
    await queue.close();
    await redis.close();
    await target.drop();
  });

  it('recovers without help: nothing lost, nothing scored twice', async () => {
    const feedId = await insertFeed(target.db);
    const first = await insertRelevantArticles(target.db, feedId, FIRST);
    const second = await insertRelevantArticles(
      target.db,
      await insertFeed(target.db, 'https://two.example/rss'),
      SECOND,
    );
    const producer = new ClassifyProducer(queue, BATCH);
    await producer.enqueue('russia-china', first);
    const worker = workers.start(env);

    await eventually(async () => (await scoredCount(target.db)) >= 2 * BATCH, 60_000);
    await redis.crash();
    const atCrash = await scoredCount(target.db);
    expect(atCrash).toBeLessThan(FIRST);
    // The producer queues more while Redis is down: the call waits for Redis instead of failing.
    const queued = producer.enqueue('russia-china', second);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await redis.start();
    expect(await queued).toBe(SECOND / BATCH);

    await eventually(async () => (await scoredCount(target.db)) === FIRST + SECOND, 120_000);
    expect(await scoresPerArticle(target.db, [...first, ...second])).toEqual({
      missing: 0,
      doubled: 0,
      scored: FIRST + SECOND,
    });
    expect(await queue.getJobCounts('failed', 'waiting', 'active')).toEqual({
      failed: 0,
      waiting: 0,
      active: 0,
    });
    expectRollupsExact(await rollupsAgainstRecount(target.db));
    expect(worker.child.exitCode).toBeNull();
  }, 240_000);
});
