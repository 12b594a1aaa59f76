import {
  FeedPollRepository,
  FeedRepository,
  type Feed,
  createFeedPoller,
  type FeedPoller,
} from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { ATOM_FEED, FEED_ETAG, RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('ingestion: feed → articles', () => {
  let server: FeedServer;
  let target: TestDatabase;
  let feeds: FeedRepository;
  let poller: FeedPoller;

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
    const config = testConfig(target.url);
    feeds = new FeedRepository(target.db);
    poller = createFeedPoller(target.db, config, Lenses.load(config.lensesFile));
  });

  afterAll(async () => {
    await target.drop();
    await server.close();
  });

  async function addFeed(path: string, outlet = 'Eurasia Desk'): Promise<Feed> {
    const feed = await feeds.create(
      { url: server.url(path), outlet, country: 'INT', language: 'en', kind: 'independent' },
      'api',
      1800,
    );
    return feed!;
  }

  const count = async (sql: string, params: unknown[] = []) =>
    (await target.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  it('stores each item once, with plain text, UTC dates and matched terms; a second poll changes nothing', async () => {
    server.serve('/desk.rss', { body: RSS_FEED, contentType: 'application/rss+xml', etag: FEED_ETAG });
    const feed = await addFeed('/desk.rss');

    const first = await poller.poll(feed.id, 'manual');
    expect(first).toMatchObject({ outcome: 'ok', httpStatus: 200, itemsSeen: 3, itemsNew: 3 });
    const rows = await target.db.query<{
      title: string;
      published_at: Date;
      relevance: Record<string, string[]>;
      is_relevant: boolean;
    }>(
      `SELECT title, published_at, relevance, is_relevant FROM articles WHERE feed_id = $1 ORDER BY published_at DESC`,
      [feed.id],
    );
    expect(rows.map((row) => row.title)).toEqual([
      'Putin and Xi sign joint statement on deepening "comprehensive partnership"',
      'Power of Siberia 2 talks stall over gas price, officials say',
      'Chinese banks tighten checks on Russian payments after new sanctions',
    ]);
    expect(rows[0].published_at.toISOString()).toBe('2025-05-08T14:20:00.000Z');
    expect(rows.every((row) => row.is_relevant)).toBe(true);
    expect(rows[0].relevance['russia-china']).toEqual(expect.arrayContaining(['Putin']));

    const stored = await target.db.query(`SELECT * FROM articles ORDER BY id`);
    const second = await poller.poll(feed.id, 'manual');
    expect(second.itemsNew).toBe(0);
    expect(await target.db.query(`SELECT * FROM articles ORDER BY id`)).toEqual(stored);
    expect(await count('feed_items WHERE feed_id = $1', [feed.id])).toBe(3);
  });

  it('sends the ETag back and records a 304 as not modified', async () => {
    server.serve('/etag.rss', { body: RSS_FEED, contentType: 'application/rss+xml', etag: '"v1"' });
    const feed = await addFeed('/etag.rss');
    await poller.poll(feed.id, 'manual');
    const again = await poller.poll(feed.id, 'manual');
    expect(again.outcome).toBe('not-modified');
    expect(server.requestsTo('/etag.rss').at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect((await feeds.get(feed.id))?.lastStatus).toBe('not-modified');
  });

  it('keeps one article for an item that two feeds carry, and links syndicated copies to one story', async () => {
    const copy = RSS_FEED.replace(
      /<guid isPermaLink="false">eurasia-desk-/g,
      '<guid isPermaLink="false">mirror-',
    );
    server.serve('/mirror.rss', { body: copy, contentType: 'application/rss+xml' });
    const syndicated = RSS_FEED.replace(/eurasia-desk\.example\.org/g, 'wire.example.com').replace(
      /eurasia-desk-/g,
      'wire-',
    );
    server.serve('/wire.rss', { body: syndicated, contentType: 'application/rss+xml' });
    const before = await count('articles');
    const mirror = await addFeed('/mirror.rss', 'Mirror');
    const report = await poller.poll(mirror.id, 'manual');
    expect(report).toMatchObject({ itemsNew: 0, itemsSighted: 3 });
    expect(await count('articles')).toBe(before);

    const wire = await addFeed('/wire.rss', 'Wire');
    expect((await poller.poll(wire.id, 'manual')).itemsNew).toBe(3);
    const stories = await target.db.query<{ story_id: number; n: number }>(
      `SELECT story_id, count(*)::int AS n FROM articles WHERE title LIKE 'Putin and Xi sign%' GROUP BY story_id`,
    );
    expect(stories).toHaveLength(1);
    expect(stories[0].n).toBe(2);
  });

  it('records a feed that cannot be parsed on the feed, with a clear error, and loses nothing stored', async () => {
    server.serve('/flaky.xml', { body: ATOM_FEED, contentType: 'application/atom+xml' });
    const feed = await addFeed('/flaky.xml');
    await poller.poll(feed.id, 'manual');
    const before = await count('articles WHERE feed_id = $1', [feed.id]);
    expect(before).toBe(2);

    server.serve('/flaky.xml', {
      body: '<html><body>Site under maintenance</body></html>',
      contentType: 'text/html',
    });
    const broken = await poller.poll(feed.id, 'manual');
    expect(broken.outcome).toBe('error');
    expect(broken.error).toMatch(/not a feed/i);
    const stored = await feeds.get(feed.id);
    expect(stored).toMatchObject({ lastStatus: 'error', consecutiveFailures: 1 });
    expect(stored?.lastError).toMatch(/html/i);
    expect(await count('articles WHERE feed_id = $1', [feed.id])).toBe(before);
  });

  it('backs off after failures, honours Retry-After, and never drops the feed', async () => {
    const feed = await addFeed('/500');
    const first = await poller.poll(feed.id, 'manual');
    const second = await poller.poll(feed.id, 'manual');
    expect(first).toMatchObject({ outcome: 'error', httpStatus: 500 });
    const delay = (report: typeof first) => report.nextPollAt!.getTime() - Date.now();
    expect(delay(second)).toBeGreaterThan(delay(first));
    const history = await new FeedPollRepository(target.db).listForFeed(feed.id);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ outcome: 'error', httpStatus: 500 });
    expect(history[0].reason).toMatch(/backoff|fail/i);
    expect((await feeds.get(feed.id))?.enabled).toBe(true);

    const limited = await addFeed('/429');
    const report = await poller.poll(limited.id, 'manual');
    expect(report.httpStatus).toBe(429);
    expect(report.reason).toMatch(/Retry-After/i);
    expect(delay(report)).toBeGreaterThanOrEqual(6_000);
  });

  it('is all or nothing: a poll that dies half-way stores nothing, and its retry stores everything', async () => {
    server.serve('/interrupted.rss', {
      body: RSS_FEED.replace(/eurasia-desk/g, 'interrupted'),
      contentType: 'application/rss+xml',
      etag: '"i1"',
    });
    const feed = await addFeed('/interrupted.rss');
    // The database fails on the second item of this feed, as if the connection dropped mid-poll.
    await target.db.query(`
      CREATE FUNCTION fail_second_item() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.title LIKE 'Power of Siberia%' AND NEW.url LIKE '%interrupted%' THEN RAISE EXCEPTION 'connection lost'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_second_item BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION fail_second_item();`);
    await expect(poller.poll(feed.id, 'schedule')).rejects.toThrow(/connection lost/);
    expect(await count('feed_items WHERE feed_id = $1', [feed.id])).toBe(0);
    expect((await feeds.get(feed.id))?.etag).toBeNull();

    await target.db.query(`DROP TRIGGER fail_second_item ON articles; DROP FUNCTION fail_second_item();`);
    const retry = await poller.poll(feed.id, 'schedule');
    expect(retry.itemsNew).toBe(3);
    expect(await count('feed_items WHERE feed_id = $1', [feed.id])).toBe(3);
    expect((await feeds.get(feed.id))?.etag).toBe('"i1"');
  });

  it('polls feeds that carry the same stories in opposite order at the same time without deadlock', async () => {
    const rss = (host: string, titles: string[]) =>
      `<rss version="2.0"><channel><title>${host}</title>${titles
        .map(
          (title, i) =>
            `<item><title>${title}</title><link>https://${host}/${i}-${title.length}</link></item>`,
        )
        .join('')}</channel></rss>`;
    const titles = Array.from(
      { length: 12 },
      (_, i) => `Moscow and Beijing agree on joint project number ${i}`,
    );
    const pairs = [];
    for (let round = 0; round < 4; round += 1) {
      server.serve(`/order-a-${round}.rss`, {
        body: rss(`a${round}.example`, titles),
        contentType: 'application/rss+xml',
      });
      server.serve(`/order-b-${round}.rss`, {
        body: rss(`b${round}.example`, [...titles].reverse()),
        contentType: 'application/rss+xml',
      });
      pairs.push([
        await addFeed(`/order-a-${round}.rss`, `A${round}`),
        await addFeed(`/order-b-${round}.rss`, `B${round}`),
      ]);
    }
    const reports = await Promise.all(pairs.flat().map((feed) => poller.poll(feed.id, 'manual')));
    expect(reports.map((report) => report.itemsNew)).toEqual(Array(8).fill(12));
    const stories = await target.db.query<{ n: number }>(
      `SELECT count(DISTINCT story_id)::int AS n FROM articles WHERE title LIKE 'Moscow and Beijing agree on joint project%'`,
    );
    expect(stories[0].n).toBe(12);
  });

  it('refuses a feed that redirects to a private address, and says how to allow it', async () => {
    const feed = await addFeed('/redirect-private');
    const report = await poller.poll(feed.id, 'manual');
    expect(report.outcome).toBe('error');
    expect(report.error).toMatch(/10\.0\.0\.1|169\.254\.169\.254/);
    expect(report.error).toMatch(/FEED_ALLOW_CIDRS/);
  });
});
