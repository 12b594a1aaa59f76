import type { Queue } from 'bullmq';
import { ClassifyProducer, QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { expectRollupsExact, rollupsAgainstRecount } from '../support/score-checks.js';
import { testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testQueue, queuePlaceOf, removeQueues } from '../support/worker-fixture.js';
import { WorkerProcesses } from '../support/worker-process.js';

const ARTICLES = 2400;
const BATCH = 400; // long enough (about a second with the built-in model) to be killed inside one

describe('a classify worker killed in the middle of a batch', () => {
  let target: TestDatabase;
  let env: Record<string, string>;
  let queue: Queue;
  const workers = new WorkerProcesses();

  beforeAll(async () => {
    target = await createTestDatabase();
    env = testEnvironment(target.url, {
      WORKER_QUEUES: 'classify',
      CLASSIFY_BATCH_SIZE: String(BATCH),
      CLASSIFY_LOCK_MS: '2000',
    });
    queue = testQueue(queuePlaceOf(env), QueueName.Classify);
    const [{ id: feedId }] = await target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ('https://wire.example/rss', 'Wire', 'INT', 'en', 'wire') RETURNING id`,
    );
    // Long, varied texts so that one batch takes long enough to be interrupted.
    await target.db.query(
      `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       SELECT $1, 'https://wire.example/' || i, sha256(('https://wire.example/' || i)::bytea),
         CASE WHEN i % 2 = 0 THEN 'Moscow and Beijing pledge deeper friendship and trade, report ' || i
              ELSE 'Russia and China alliance threatens security, critics warn, report ' || i END,
         repeat('Officials in Moscow and Beijing discussed energy, sanctions, payments and security. ', 6),
         'en', now() - i * interval '1 minute', 'published', now(), '{"russia-china": ["Moscow", "Beijing"]}', true
       FROM generate_series(1, $2) AS i`,
      [feedId, ARTICLES],
    );
  });

  afterAll(async () => {
    await workers.killAll();
    await removeQueues(queue);
    await target.drop();
  });

  it('loses nothing and scores nothing twice after a restart', async () => {
    const first = workers.start(env);
    const ids = (await target.db.query<{ id: number }>(`SELECT id FROM articles ORDER BY id`)).map(
      (row) => row.id,
    );
    await new ClassifyProducer(queue, BATCH).enqueue('russia-china', ids);

    // Kill it as soon as the first batch is stored: it is then inside another batch.
    await eventually(async () => {
      const rows = await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`);
      return rows[0].n > 0;
    }, 60_000);
    await first.stop('SIGKILL');
    const atKill = (await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`))[0]
      .n;
    expect(atKill).toBeLessThan(ARTICLES);
    expect(atKill % BATCH).toBe(0); // batches are stored whole or not at all
    expect((await queue.getJobCounts('active')).active).toBe(1); // it died holding a batch

    workers.start(env);
    await eventually(async () => {
      const rows = await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`);
      return rows[0].n === ARTICLES;
    }, 90_000);
    const perArticle = await target.db.query<{ scores: number; articles: number }>(
      `SELECT count(*)::int AS scores, count(DISTINCT article_id)::int AS articles FROM article_scores`,
    );
    expect(perArticle[0]).toEqual({ scores: ARTICLES, articles: ARTICLES });
    // The interrupted job was taken over (stalled, then retried), not lost.
    await eventually(
      async () => (await queue.getJobCounts('completed')).completed >= ARTICLES / BATCH,
      30_000,
    );
    // The rollups the workers kept incrementally equal a full recount from the raw rows.
    expectRollupsExact(await rollupsAgainstRecount(target.db));
  });
});
