import type { Queue } from 'bullmq';
import { ClassifyProducer, QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
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
import { testQueue, queuePlaceOf, removeQueues } from '../support/worker-fixture.js';

const ARTICLES = 1000;
const BATCH = 100;

describe('a classify worker stopped with SIGTERM', () => {
  let target: TestDatabase;
  let env: Record<string, string>;
  let queue: Queue;
  const workers = new WorkerProcesses();
  const start = () => workers.start(env);

  beforeAll(async () => {
    target = await createTestDatabase();
    env = testEnvironment(target.url, { WORKER_QUEUES: 'classify', CLASSIFY_BATCH_SIZE: String(BATCH) });
    queue = testQueue(queuePlaceOf(env), QueueName.Classify);
  });

  afterAll(async () => {
    await workers.killAll();
    await removeQueues(queue);
    await target.drop();
  });

  it('finishes its batch and exits 0; a rolling restart loses nothing and scores nothing twice', async () => {
    const ids = await insertRelevantArticles(target.db, await insertFeed(target.db), ARTICLES);
    const a = start();
    await new ClassifyProducer(queue, BATCH).enqueue('russia-china', ids);

    // SIGTERM as soon as the first batch is stored: A is then inside the next one.
    await eventually(async () => (await scoredCount(target.db)) > 0, 60_000);
    const stopping = Date.now();
    const exitA = await a.stop('SIGTERM');
    const stopMs = Date.now() - stopping;
    expect({ exit: exitA, stderr: a.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    expect(stopMs).toBeLessThan(10_000);
    // The batch it was in was finished (stored whole) before it exited, and no job is left held.
    const atExit = await scoredCount(target.db);
    expect(atExit % BATCH).toBe(0);
    expect(atExit).toBeGreaterThanOrEqual(2 * BATCH);
    expect(atExit).toBeLessThan(ARTICLES);
    expect(await queue.getJobCounts('active', 'failed')).toEqual({ active: 0, failed: 0 });

    // Rolling restart: B works, C starts beside it, B is stopped; C carries on.
    const b = start();
    await eventually(async () => (await scoredCount(target.db)) > atExit, 60_000);
    const c = start();
    await eventually(async () => (await queue.getWorkersCount()) >= 2, 60_000);
    const exitB = await b.stop('SIGTERM');
    expect({ exit: exitB, stderr: b.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });

    await eventually(async () => (await scoredCount(target.db)) === ARTICLES, 120_000);
    expect(await scoresPerArticle(target.db, ids)).toEqual({ missing: 0, doubled: 0, scored: ARTICLES });
    // Every job ran to completion once; none failed or is left behind (the backlog sweep may add some).
    const completed = await queue.getJobs(['completed']);
    expect(completed.filter((job) => job.name === 'classify').length).toBeGreaterThanOrEqual(
      ARTICLES / BATCH,
    );
    expect(completed.filter((job) => job.attemptsStarted !== 1)).toEqual([]); // none was interrupted and run again
    expect(await queue.getJobCounts('active', 'failed', 'waiting')).toEqual({
      active: 0,
      failed: 0,
      waiting: 0,
    });
    expectRollupsExact(await rollupsAgainstRecount(target.db));
    expect(c.child.exitCode).toBeNull();
  }, 240_000);
});
