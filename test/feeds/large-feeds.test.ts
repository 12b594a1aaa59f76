import { createHash } from 'node:crypto';
import {
  ArticleRepository,
  FeedPollRepository,
  FeedRepository,
  articleDrafts,
  createFeedPoller,
  parseFeedBytes,
} from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { feedsOnItsOwnDatabase } from '../support/feeds-fixture.js';
import { relevantRss } from '../support/generated-feed.js';
import { testConfig } from '../support/test-config.js';

const NEWEST = new Date('2025-05-08T12:00:00Z');
const HOUR = 3_600_000;

/** The feed's items in reverse order (oldest first), so "newest" cannot mean "first in the document". */
function oldestFirst(rss: string): string {
  const items = rss.match(/ {4}<item>[\s\S]*?<\/item>/g)!;
  const head = rss.slice(0, rss.indexOf('    <item>'));
  const tail = rss.slice(rss.lastIndexOf('</item>') + '</item>'.length);
  return `${head}${[...items].reverse().join('\n')}${tail}`;
}

/** Feeds far larger than a news feed: archives, or a publisher that sends everything it has. */
describe('a feed with thousands of items', () => {
  const feeds = feedsOnItsOwnDatabase();

  it('stores the newest FEED_MAX_ITEMS_PER_POLL items and counts the rest in the poll record', async () => {
    const config = testConfig(feeds.target.url, { FEED_MAX_ITEMS_PER_POLL: '500' });
    const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
    feeds.server.serve('/archive.rss', { body: oldestFirst(relevantRss('archive', 1_200, NEWEST)) });
    const feed = await feeds.addFeed('/archive.rss', 'Archive');

    const report = await poller.poll(feed.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', itemsSeen: 1_200, itemsNew: 500, itemsDropped: 700 });
    const [stored] = await feeds.target.db.query<{ n: number; oldest: Date; newest: Date }>(
      `SELECT count(*)::int AS n, min(published_at) AS oldest, max(published_at) AS newest
         FROM articles WHERE feed_id = $1`,
      [feed.id],
    );
    expect(stored).toEqual({ n: 500, oldest: new Date(NEWEST.getTime() - 499 * HOUR), newest: NEWEST });
    const [poll] = await new FeedPollRepository(feeds.target.db).listForFeed(feed.id, 1);
    expect(poll).toMatchObject({ outcome: 'ok', itemsSeen: 1_200, itemsNew: 500, itemsDropped: 700 });
    expect((await new FeedRepository(feeds.target.db).get(feed.id))!.lastError).toBeNull();

    // The next poll keeps the same newest 500: nothing new, nothing older let in.
    const again = await poller.poll(feed.id, 'manual');
    expect(again).toMatchObject({ outcome: 'ok', itemsNew: 0, itemsDropped: 700 });
  }, 120_000);

  it('takes a bounded number of locks for a poll of thousands of distinct titles', async () => {
    // One advisory lock per title used to be taken inside the poll's transaction: with a per-poll cap
    // set high, an archive of ~13,000 titles ran out of a default server's shared lock table
    // (64 per connection × 100 connections) and the poll failed, every time.
    const feed = await feeds.addFeed('/titles.rss', 'Titles');
    const document = await parseFeedBytes(Buffer.from(relevantRss('titles', 3_000, NEWEST)));
    const lenses = Lenses.load(testConfig(feeds.target.url).lensesFile).relevance();
    const { drafts } = articleDrafts(document, feed.id, new Date(), lenses);
    expect(new Set(drafts.map((draft) => draft.titleKey)).size).toBe(3_000);

    const held = await feeds.target.db.transaction(async (client) => {
      const results = await new ArticleRepository(feeds.target.db).ingestAll(client, drafts);
      expect(results.filter((result) => result.outcome === 'new')).toHaveLength(3_000);
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
      );
      return rows[0].n;
    });
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(128);
  }, 120_000);
});

/** What PostgreSQL would refuse (an index entry past 2,704 bytes) must not cost a feed its other items. */
describe('items at the size limits', () => {
  const feeds = feedsOnItsOwnDatabase();

  it('stores a feed whose titles and summaries are as long as the caps allow, with its ordinary items', async () => {
    // 2,000 Han characters in no pattern (PostgreSQL compresses a patterned key below the limit);
    // capped to 1,000 characters, 3,000 bytes.
    const longTitle = Array.from({ length: 2_000 }, (_, i) =>
      String.fromCodePoint(
        0x4e00 + (createHash('sha256').update(String(i)).digest().readUInt16BE(0) % 0x5000),
      ),
    ).join('');
    const manyWords = Array.from({ length: 6_000 }, (_, i) => `w${i.toString(36)}`).join(' '); // past the summary cap
    const item = (i: number, title: string, summary: string) =>
      `<item><title>${title}</title><link>https://limits.example.org/${i}</link>` +
      `<description>${summary}</description><pubDate>${new Date(NEWEST.getTime() - i * HOUR).toUTCString()}</pubDate></item>`;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Limits</title>` +
      [
        item(0, 'Moscow and Beijing sign a new energy agreement today', 'Officials met in Moscow.'),
        item(1, longTitle, 'Russia and China, a long headline.'),
        item(2, `${longTitle}!`, 'The same long headline again, syndicated.'),
        item(3, 'Russia and China extend their trade accord for five years', manyWords),
      ].join('') +
      `</channel></rss>`;
    feeds.server.serve('/limits.rss', { body });
    const config = testConfig(feeds.target.url);
    const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
    const feed = await feeds.addFeed('/limits.rss', 'Limits', {
      country: 'CN',
      language: 'zh',
      kind: 'state',
    });

    const report = await poller.poll(feed.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', error: null, itemsNew: 4 });
    const stored = await feeds.target.db.query<{ title: string; story: number; summary: number }>(
      `SELECT title, story_id AS story, length(summary) AS summary FROM articles WHERE feed_id = $1 ORDER BY url`,
      [feed.id],
    );
    expect(stored.map((row) => row.title.length)).toEqual([
      expect.any(Number),
      1_000,
      1_000,
      expect.any(Number),
    ]);
    // The two long headlines are one story, as any two equal titles are.
    expect(stored[1].story).toBe(stored[2].story);
    expect(stored[3].summary).toBeLessThanOrEqual(32_000);
  }, 120_000);

  it('skips the items PostgreSQL would refuse, counts them by reason, and stores the rest of the feed', async () => {
    const item = (i: number, extra: string) =>
      `<item><title>Russia and China item ${i}</title>${extra}` +
      `<pubDate>${new Date(NEWEST.getTime() - i * HOUR).toUTCString()}</pubDate></item>`;
    const link = (i: number) => `<link>https://skips.example.org/${i}</link>`;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Skips</title>` +
      item(0, link(0)) +
      item(1, `<link>https://skips.example.org/${'long/'.repeat(2_000)}</link>`) +
      item(2, `${link(2)}<guid isPermaLink="false">${'g'.repeat(3_000)}</guid>`) +
      item(3, `<link>https://skips.example.org/${'again/'.repeat(1_000)}</link>`) +
      item(4, link(4)) +
      `</channel></rss>`;
    feeds.server.serve('/skips.rss', { body });
    const config = testConfig(feeds.target.url);
    const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
    const feed = await feeds.addFeed('/skips.rss', 'Skips');

    const counted = {
      itemsSeen: 5,
      itemsNew: 2,
      itemsSkipped: 3,
      skippedReasons: { 'link longer than 4096 characters': 2, 'guid longer than 2048 characters': 1 },
    };
    expect(await poller.poll(feed.id, 'manual')).toMatchObject({ outcome: 'ok', error: null, ...counted });
    const urls = await feeds.target.db.query<{ url: string }>(
      `SELECT url FROM articles WHERE feed_id = $1 ORDER BY url`,
      [feed.id],
    );
    expect(urls.map((row) => row.url)).toEqual([
      'https://skips.example.org/0',
      'https://skips.example.org/4',
    ]);
    const [poll] = await new FeedPollRepository(feeds.target.db).listForFeed(feed.id, 1);
    expect(poll).toMatchObject({ outcome: 'ok', ...counted });
    expect((await new FeedRepository(feeds.target.db).get(feed.id))!.lastError).toBeNull();
  }, 120_000);

  it('keeps the densest title and summary the caps allow within PostgreSQL search column', async () => {
    // Distinct two-character Han words: the most lexemes per character, so the largest tsvector a
    // capped item can produce (PostgreSQL refuses one past 1 MiB, and with it the whole row).
    const words = (n: number, offset: number) =>
      Array.from({ length: n }, (_, i) => {
        const code = (k: number) => String.fromCodePoint(0x4e00 + ((offset + k) % 0x5000));
        return code(i) + code(i * 7_919 + 1);
      }).join(' ');
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Dense</title>` +
      `<item><title>${words(400, 0)}</title><link>https://dense.example.org/1</link>` +
      `<description>${words(12_000, 400)}</description></item>` +
      `</channel></rss>`;
    feeds.server.serve('/dense.rss', { body });
    const config = testConfig(feeds.target.url);
    const poller = createFeedPoller(feeds.target.db, config, Lenses.load(config.lensesFile));
    const feed = await feeds.addFeed('/dense.rss', 'Dense', { language: 'zh', country: 'CN' });

    expect(await poller.poll(feed.id, 'manual')).toMatchObject({
      outcome: 'ok',
      itemsNew: 1,
      itemsSkipped: 0,
    });
    const [row] = await feeds.target.db.query<{
      title: number;
      summary: number;
      lexemes: number;
      bytes: number;
    }>(
      `SELECT length(title) AS title, length(summary) AS summary, length(search) AS lexemes,
              octet_length(search::text) AS bytes
         FROM articles WHERE feed_id = $1`,
      [feed.id],
    );
    expect(row.title).toBe(1_000);
    expect(row.summary).toBe(32_000);
    expect(row.lexemes).toBeGreaterThan(10_000);
    // Its text form (larger than the stored one) is under half of the limit.
    expect(row.bytes).toBeLessThan(512 * 1024);
  }, 120_000);
});
