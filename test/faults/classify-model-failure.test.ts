import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ClassifyProducer, QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testQueue, removeQueues, startInProcessWorker } from '../support/worker-fixture.js';

describe('a classify worker whose model cannot be loaded', () => {
  let target: TestDatabase;
  let worker: INestApplicationContext;
  let queue: Queue;

  beforeAll(async () => {
    target = await createTestDatabase();
  });

  afterAll(async () => {
    await worker?.close();
    await removeQueues(queue);
    await target.drop();
  });

  it('fails the job with the reason and what to do, keeps it for a retry, and marks nothing classified', async () => {
    const config = testConfig(target.url, { WORKER_QUEUES: 'classify', NLI_MODEL: 'acme/no-such-nli-model' });
    queue = testQueue(config, QueueName.Classify);
    const [{ id: feedId }] = await target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ('https://x.example/rss', 'X', 'INT', 'en', 'wire') RETURNING id`,
    );
    const [{ id }] = await target.db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       VALUES ($1, 'https://x.example/1', sha256('1'::bytea), 'Putin meets Xi in Beijing', 'en', now(), 'published', now(),
         '{"russia-china": ["Putin", "Xi"]}', true) RETURNING id`,
      [feedId],
    );
    worker = await startInProcessWorker(config);
    await new ClassifyProducer(queue, 32).enqueue('russia-china', [id]);

    const job = await eventually(async () => {
      const delayed = await queue.getJobs(['delayed'], 0, 10);
      return delayed.find((candidate) => candidate.name === 'classify' && candidate.attemptsMade >= 1);
    });
    expect(job.failedReason).toMatch(/acme\/no-such-nli-model/);
    expect(job.failedReason).toMatch(/stancewatch models pull/);
    expect(job.failedReason).not.toMatch(/builtin/); // no folder of an earlier model leaks into this load
    expect(job.opts.attempts).toBeGreaterThan(1);
    const scores = await target.db.query(`SELECT 1 FROM article_scores`);
    expect(scores).toHaveLength(0);
  });
});
