import { FeedRepository, createFeedPoller } from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { RSS_FEED } from '../support/feed-server.js';
import { relevantRss } from '../support/generated-feed.js';
import { testConfig } from '../support/test-config.js';
import { feedsOnItsOwnDatabase } from '../support/feeds-fixture.js';

// About 8 MiB of RSS: parsing it takes about 2 s and far more than 16 MiB of heap, well past the budgets
// below, while the small feed parsed after it needs a few milliseconds: a busy machine only widens that.
const HUGE_ITEMS = 20_000;

/** Parsing runs in worker threads under a time and memory budget; a feed past it is that feed's failure. */
describe('the parse budget', () => {
  const feeds = feedsOnItsOwnDatabase();

  beforeAll(() => {
    const huge = relevantRss('huge', HUGE_ITEMS);
    for (const budget of ['time', 'memory', 'default']) {
      feeds.server.serve(`/huge-${budget}.rss`, { body: huge });
      feeds.server.serve(`/desk-${budget}.rss`, { body: RSS_FEED });
    }
  });

  it.each([
    [
      'time',
      { FEED_PARSE_TIME_LIMIT_MS: '300' },
      /took longer than 300 ms to parse \(FEED_PARSE_TIME_LIMIT_MS\)/,
    ],
    ['memory', { FEED_PARSE_MEMORY_MB: '16' }, /needed more than 16 MiB \(FEED_PARSE_MEMORY_MB\)/],
  ])(
    'refuses a feed over its %s budget as that feed’s failure, then parses the next feed',
    async (budget, overrides, reason) => {
      const config = testConfig(feeds.target.url, overrides);
      const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
      const huge = await feeds.addFeed(`/huge-${budget}.rss`, `Huge (${budget})`);
      const started = Date.now();

      const refused = await poller.poll(huge.id, 'manual');
      expect(refused).toMatchObject({ outcome: 'error', itemsNew: 0 });
      expect(refused.error).toMatch(reason);
      const stored = (await new FeedRepository(feeds.target.db).get(huge.id))!;
      expect(stored.lastError).toMatch(reason);
      expect(stored.consecutiveFailures).toBe(1);
      expect(stored.nextPollAt.getTime()).toBeGreaterThan(started); // backed off, not retried at once

      // The thread that was stopped is replaced: the next feed parses as usual.
      const desk = await feeds.addFeed(`/desk-${budget}.rss`, `Desk (${budget})`);
      expect(await poller.poll(desk.id, 'manual')).toMatchObject({ outcome: 'ok', error: null });
    },
    120_000,
  );

  it('parses the same feed within the default budget', async () => {
    const config = testConfig(feeds.target.url);
    const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
    const huge = await feeds.addFeed('/huge-default.rss', 'Huge (default)');
    const report = await poller.poll(huge.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', error: null, itemsSeen: HUGE_ITEMS });
  }, 120_000);
});

/**
 * Bodies just under FEED_MAX_BODY_BYTES whose one description is a pattern each step of the parse
 * once paid for per match: a global replace with a function collected all three million matches of
 * `&lt;p` at once and the parse thread's heap limit then aborted the whole process (nodejs/node#47224),
 * and sax joined a text node one reference at a time. Parsed within the default budget, or refused as
 * that feed's failure: never the process.
 */
describe('bodies near the size limit in the shapes that once took the process down', () => {
  const feeds = feedsOnItsOwnDatabase();
  const BODY_BYTES = 14 * 2 ** 20;
  const shapes: Record<string, string> = {
    'escaped <p': '&lt;p',
    'bare ampersands': '& ',
    'HTML entities': '&nbsp;',
    'C1 controls': '\u0085',
    'greater-than signs': '>',
    'unclosed <title>': '<title>',
  };
  const feedOf = (unit: string) =>
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>' +
    '<item><title>Talks in Beijing</title><link>https://example.com/talks</link></item>' +
    `<item><title>Long</title><link>https://example.com/long</link><description>${unit.repeat(
      Math.floor(BODY_BYTES / Buffer.byteLength(unit)),
    )}</description></item></channel></rss>`;

  it.each(Object.keys(shapes))(
    '14 MiB of %s in one description: both items are read',
    async (shape) => {
      const path = `/near-limit-${shape.replace(/\W+/g, '-')}.rss`;
      feeds.server.serve(path, { body: feedOf(shapes[shape]) });
      const config = testConfig(feeds.target.url);
      const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
      const feed = await feeds.addFeed(path, `Near the limit (${shape})`);

      const report = await poller.poll(feed.id, 'manual');
      expect(report).toMatchObject({ outcome: 'ok', error: null, itemsSeen: 2 });
    },
    120_000,
  );
});
