import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../libs/config/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { FeedRepository } from '../../libs/feeds/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { ATOM_FEED, RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testQueue, removeQueues, startInProcessWorker } from '../support/worker-fixture.js';

const IRRELEVANT = `<?xml version="1.0"?><rss version="2.0"><channel><title>Weather desk</title>
<item><title>Heavy snow expected in Oslo this weekend</title><link>https://weather.example/oslo</link>
<pubDate>Thu, 08 May 2025 06:00:00 GMT</pubDate></item></channel></rss>`;

describe('classification through the queue, with the built-in model and no network', () => {
  let server: FeedServer;
  let target: TestDatabase;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let queues: Queue[];

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
    config = testConfig(target.url, { WORKER_QUEUES: 'feed-poll,classify' });
    queues = [QueueName.FeedPoll, QueueName.Classify].map((name) => testQueue(config, name));
  });

  afterAll(async () => {
    await worker?.close();
    await removeQueues(...queues);
    await target.drop();
    await server.close();
  });

  it('scores every relevant article once per lens and model, and leaves the rest unscored', async () => {
    server.serve('/desk.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
    server.serve('/ndr.atom', { body: ATOM_FEED, contentType: 'application/atom+xml' });
    server.serve('/weather.rss', { body: IRRELEVANT, contentType: 'application/rss+xml' });
    const feeds = new FeedRepository(target.db);
    for (const [path, language] of [
      ['/desk.rss', 'en'],
      ['/ndr.atom', 'en'],
      ['/weather.rss', 'en'],
    ]) {
      await feeds.create(
        { url: server.url(path), outlet: path, country: 'INT', language, kind: 'independent' },
        'api',
        1800,
      );
    }

    worker = await startInProcessWorker(config);

    const rows = await eventually(async () => {
      const scored = await target.db.query<{
        title: string;
        model: string;
        stance_label: string;
        p_supportive: number;
        p_neutral: number;
        p_critical: number;
        stance_score: number;
        sentiment_score: number;
        framing_score: number;
      }>(`SELECT a.title, s.* FROM article_scores s JOIN articles a ON a.id = s.article_id ORDER BY a.id`);
      return scored.length === 5 ? scored : null;
    });
    const relevant = await target.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM articles WHERE is_relevant`,
    );
    expect(relevant[0].n).toBe(5);
    for (const row of rows) {
      expect(row.model).toBe('stancewatch-builtin-nli');
      expect(row.p_supportive + row.p_neutral + row.p_critical).toBeCloseTo(1, 5);
      expect(row.stance_score).toBeCloseTo(row.p_supportive - row.p_critical, 5);
      for (const score of [row.stance_score, row.sentiment_score, row.framing_score]) {
        expect(Math.abs(score)).toBeLessThanOrEqual(1);
      }
    }
    const weather = await target.db.query(
      `SELECT 1 FROM article_scores s JOIN articles a ON a.id = s.article_id WHERE a.title LIKE 'Heavy snow%'`,
    );
    expect(weather).toHaveLength(0);

    // The model that produced them is recorded as in use, and says it is the built-in one.
    const models = await target.db.query<{ id: string; builtin: boolean }>(
      `SELECT id, builtin FROM models ORDER BY id`,
    );
    expect(models).toEqual([
      { id: 'stancewatch-builtin-nli', builtin: true },
      { id: 'stancewatch-builtin-sentiment', builtin: true },
    ]);

    // Queueing the same articles again (a retried or repeated job) writes nothing twice.
    const scores = new ScoreRepository(target.db);
    const ids = (await target.db.query<{ id: number }>(`SELECT id FROM articles WHERE is_relevant`)).map(
      (r) => r.id,
    );
    expect(await scores.backlog('russia-china', ['stancewatch-builtin-nli'], { limit: 100 })).toEqual([]);
    await queues[1].add('classify', { articleIds: ids, lens: 'russia-china', model: null });
    await eventually(async () => (await queues[1].getJobCounts('completed')).completed >= 2);
    const count = await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`);
    expect(count[0].n).toBe(5);
  });
});
