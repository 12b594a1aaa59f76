import { FeedRepository, createFeedPoller } from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { feedsOnItsOwnDatabase } from '../support/feeds-fixture.js';
import { stancewatch } from '../support/run-cli.js';
import { testConfig } from '../support/test-config.js';
import { removeQueuesAt } from '../support/worker-fixture.js';

const NEWEST = Date.parse('2025-05-08T12:00:00Z');
const HOUR = 3_600_000;

// A JSON Feed 1.1 as a news site serves it: relative item URLs (resolved against feed_url), the
// feed's authors and language, one item given twice, one that is no object, one with nothing to
// identify it by, and one untitled microblog post.
const jsonFeed = (feedUrl: string) =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Vostok Wire',
    home_page_url: 'https://vostok-wire.example.org/',
    feed_url: feedUrl,
    language: 'en-GB',
    authors: [{ name: 'Vostok Wire desk' }],
    items: [
      {
        id: 'vw-101',
        url: '/2025/05/08/putin-xi-summit',
        title: 'Putin and Xi sign joint statement on Russia–China partnership',
        summary: '<p>The leaders pledged closer coordination and more trade in <b>yuan</b>.</p>',
        date_published: '2025-05-08T17:20:00+03:00',
        authors: [{ name: 'Anna Petrova' }],
      },
      {
        id: 'vw-101',
        url: '/2025/05/08/putin-xi-summit',
        title: 'Putin and Xi sign joint statement on Russia–China partnership',
        date_published: '2025-05-08T17:20:00+03:00',
      },
      null,
      { tags: ['no id, no url, no text: nothing to store it under'] },
      {
        id: 102,
        external_url: 'https://partner.example.net/power-of-siberia-2',
        content_text: 'Gazprom and CNPC resume talks on Power of Siberia 2 pricing in Beijing.',
        date_modified: '2025-05-07T09:05:00Z',
      },
    ],
  });

describe('polling a JSON Feed from a real local server', () => {
  const feeds = feedsOnItsOwnDatabase();
  const queuePrefix = `swjsonfeed${process.pid}`;

  afterAll(async () => {
    await removeQueuesAt({ redisUrl: 'redis://127.0.0.1:6379', queuePrefix }, QueueName.FeedPoll);
  });

  const poller = () => {
    const config = testConfig(feeds.target.url, { FEED_MAX_ITEMS_PER_POLL: '50' });
    return createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
  };

  it('stores each item once with its URL, title, text, author and UTC date; counts the unusable', async () => {
    const feedUrl = feeds.server.url('/wire/feed.json');
    feeds.server.serve('/wire/feed.json', { body: jsonFeed(feedUrl), contentType: 'application/feed+json' });
    const feed = await feeds.addFeed('/wire/feed.json', 'Vostok Wire');

    const report = await poller().poll(feed.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', itemsSeen: 5, itemsNew: 2, itemsUnidentifiable: 2 });
    const rows = await feeds.target.db.query(
      `SELECT guid, url, title, summary, author, language, published_at, published_at_source
         FROM articles WHERE feed_id = $1 ORDER BY published_at DESC`,
      [feed.id],
    );
    expect(rows).toEqual([
      {
        guid: 'vw-101',
        url: feeds.server.url('/2025/05/08/putin-xi-summit'),
        title: 'Putin and Xi sign joint statement on Russia–China partnership',
        summary: 'The leaders pledged closer coordination and more trade in yuan.',
        author: 'Anna Petrova',
        language: 'en',
        published_at: new Date('2025-05-08T14:20:00Z'),
        published_at_source: 'published',
      },
      {
        guid: '102',
        url: 'https://partner.example.net/power-of-siberia-2',
        title: 'Gazprom and CNPC resume talks on Power of Siberia 2 pricing in Beijing.',
        summary: 'Gazprom and CNPC resume talks on Power of Siberia 2 pricing in Beijing.',
        author: 'Vostok Wire desk',
        language: 'en',
        published_at: new Date('2025-05-07T09:05:00Z'),
        published_at_source: 'updated',
      },
    ]);
    const again = await poller().poll(feed.id, 'manual');
    expect(again).toMatchObject({ outcome: 'ok', itemsNew: 0 });
  });

  it('keeps the newest FEED_MAX_ITEMS_PER_POLL items of a large JSON Feed, as for RSS', async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({
      id: `archive-${i}`,
      url: `https://archive.example.org/${i}`,
      title: `Moscow and Beijing, archive story ${i}`,
      date_published: new Date(NEWEST - (299 - i) * HOUR).toISOString(),
    }));
    feeds.server.serve('/archive.json', {
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'Archive', items }),
      contentType: 'application/json; charset=utf-8',
    });
    const feed = await feeds.addFeed('/archive.json', 'Archive');
    const report = await poller().poll(feed.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', itemsSeen: 300, itemsNew: 50, itemsDropped: 250 });
    const [newest] = await feeds.target.db.query<{ oldest: Date; newest: Date }>(
      `SELECT min(published_at) AS oldest, max(published_at) AS newest FROM articles WHERE feed_id = $1`,
      [feed.id],
    );
    expect(newest).toEqual({ oldest: new Date(NEWEST - 49 * HOUR), newest: new Date(NEWEST) });
  });

  it('records a JSON document that is no JSON Feed as the poll’s one-line error', async () => {
    feeds.server.serve('/api.json', { body: '{"data": []}', contentType: 'application/json' });
    const feed = await feeds.addFeed('/api.json', 'Not a feed');
    const report = await poller().poll(feed.id, 'manual');
    expect(report).toMatchObject({
      outcome: 'error',
      error: expect.stringContaining('JSON without a JSON Feed "version"'),
    });
  });

  it('feeds add on a site page picks its JSON Feed alternate, and that feed polls', async () => {
    const feedUrl = feeds.server.url('/site/feed.json');
    feeds.server.serve('/site/', {
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><title>Vostok Wire</title>
<link rel="alternate" type="application/rss+xml" title="Vostok Wire RSS" href="/site/feed.rss">
<link rel="alternate" type="application/feed+json" title="Vostok Wire JSON Feed" href="feed.json">
</head><body></body></html>`,
    });
    // Other stories than the first test's, so that they are new here.
    const body = jsonFeed(feedUrl)
      .replace(/vw-101|putin-xi-summit|power-of-siberia-2/g, (s) => `${s}-site`)
      .replace(/"id":102/, '"id":202')
      .replace('sign joint statement', 'meet again')
      .replace('resume talks', 'break off talks');
    feeds.server.serve('/site/feed.json', { body, contentType: 'application/feed+json' });
    const env = { DATABASE_URL: feeds.target.url, QUEUE_PREFIX: queuePrefix };
    const args = ['feeds', 'add', feeds.server.url('/site/'), '--outlet', 'Vostok Wire Site', '--json'];

    const listed = await stancewatch(args, env);
    expect(listed).toMatchObject({ code: 2 });
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toContainEqual({
      pick: 2,
      url: feedUrl,
      title: 'Vostok Wire JSON Feed',
      type: 'application/feed+json',
    });

    const added = await stancewatch([...args, '--pick', '2'], env);
    expect(added).toMatchObject({ code: 0 });
    expect(JSON.parse(added.stdout)).toMatchObject({ url: feedUrl, outlet: 'Vostok Wire Site' });
    const feed = (await new FeedRepository(feeds.target.db).getByUrl(feedUrl))!;
    expect(await poller().poll(feed.id, 'manual')).toMatchObject({
      outcome: 'ok',
      itemsSeen: 5,
      itemsNew: 2,
    });
  });
});
