import { Queue } from 'bullmq';
import { Database } from '../../libs/db/src/index.js';
import {
  createFeedPoller,
  FeedConflictError,
  FeedNotFoundError,
  FeedPollRepository,
  FeedRegistry,
  FeedRepository,
  FeedScheduler,
} from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { QueueName, redisConnection, type FeedPollJob } from '../../libs/queue/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { stancewatch } from '../support/run-cli.js';
import { removeQueuesAt } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';

/** The two doors of the feed registry, the API and the command line, over one database and queue prefix. */
describe('the feed registry, through the API and the CLI', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY });
  const cliEnv = () => ({ DATABASE_URL: api.target.url, QUEUE_PREFIX: api.config.queuePrefix });
  const entry = (url: string) =>
    ({ url, outlet: 'TASS', country: 'RU', language: 'en', kind: 'state' }) as const;
  const cliAdd = (url: string) =>
    stancewatch(
      ['feeds', 'add', url, '--outlet', 'TASS', '--country', 'RU', '--language', 'en', '--kind', 'state'],
      cliEnv(),
    );
  const apiAdd = (url: string) =>
    fetch(`${api.base}/api/v1/feeds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify(entry(url)),
    });

  afterAll(async () => {
    await removeQueuesAt(api.config, QueueName.FeedPoll);
  });

  it('refuses a URL registered through the other door with the same message', async () => {
    const viaApi = 'https://tass.com/rss/v2.xml';
    expect((await apiAdd(viaApi)).status).toBe(201);
    const cliAgain = await cliAdd(viaApi);
    expect(cliAgain).toMatchObject({ code: 1 });

    const viaCli = 'https://ria.ru/export/rss2/index.xml';
    expect(await cliAdd(viaCli)).toMatchObject({ code: 0 });
    const apiAgain = await apiAdd(viaCli);
    expect(apiAgain.status).toBe(409);

    const apiMessage = ((await apiAgain.json()) as { detail: string }).detail;
    expect(apiMessage).toBe(`a feed with the URL ${viaCli} is already registered`);
    expect(cliAgain.stderr.trim()).toBe(`stancewatch: a feed with the URL ${viaApi} is already registered`);
  });

  describe('when the scheduler cannot follow (Redis away)', () => {
    let db: Database;
    let deadQueue: Queue<FeedPollJob>;
    let registry: FeedRegistry;

    beforeAll(async () => {
      db = new Database(api.target.url, { max: 2 });
      // A queue whose connection is closed: every command fails at once, as with Redis gone, instead
      // of waiting for a Redis that may come back.
      deadQueue = new Queue<FeedPollJob>(QueueName.FeedPoll, {
        connection: redisConnection(api.config.redisUrl),
        prefix: api.config.queuePrefix,
      });
      deadQueue.on('error', () => undefined);
      await deadQueue.waitUntilReady();
      await deadQueue.close();
      registry = new FeedRegistry({
        feeds: new FeedRepository(db),
        polls: new FeedPollRepository(db),
        scheduler: new FeedScheduler(deadQueue),
        poller: createFeedPoller(db, api.config, Lenses.load(api.config.lensesFile)),
        defaultIntervalSec: api.config.poll.defaultIntervalSec,
      });
    });

    afterAll(async () => {
      await deadQueue.close().catch(() => undefined);
      await db.close();
    });

    it('keeps the stored change and tells the handler, or throws when there is none', async () => {
      // (15 s: a scheduler that waited for Redis instead of failing would show here as a timeout.)
      const failures: number[] = [];
      const feed = await registry.register(entry('https://xinhua.example/rss'), 'cli', (_error, f) =>
        failures.push(f.id),
      );
      expect(failures).toEqual([feed.id]);
      expect(await registry.get(feed.id)).toMatchObject({ url: 'https://xinhua.example/rss', enabled: true });

      await expect(registry.setEnabled(feed.id, false)).rejects.toThrow();
      // The row changed before the scheduler was asked: the worker syncs it at its next start.
      expect((await registry.get(feed.id)).enabled).toBe(false);
    }, 15_000);

    it('names what it refuses with its own errors', async () => {
      await expect(registry.register(entry('https://xinhua.example/rss'), 'api')).rejects.toBeInstanceOf(
        FeedConflictError,
      );
      await expect(registry.setEnabled(424242, true)).rejects.toBeInstanceOf(FeedNotFoundError);
      await expect(registry.queuePoll(424242)).rejects.toBeInstanceOf(FeedNotFoundError);
      await expect(registry.history(424242, 5)).rejects.toBeInstanceOf(FeedNotFoundError);
    });
  });
});
