import { FeedRepository, type Feed } from '../../libs/feeds/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { FAST_POLLING, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { WorkerProcesses } from '../support/worker-process.js';
import { queuePlaceOf, removeQueuesAt } from '../support/worker-fixture.js';

const MiB = 2 ** 20;
/** Large enough that a step quadratic in its input would run for hours; each parse here takes about a second. */
const HOSTILE_BYTES = 2 * MiB;
const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
const GOOD_ITEM =
  '<item><title>Putin and Xi discuss Russia–China trade in Beijing</title><link>https://example.com/talks</link></item>';
const rss = (items: string, doctype = '') =>
  `<?xml version="1.0"?>${doctype}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
  `<channel><title>Desk</title>${GOOD_ITEM}${items}</channel></rss>`;
const item = (inner: string) =>
  `<item><title>Hostile</title><link>https://example.com/h</link>${inner}</item>`;

const pathOf = (name: string) => `/${name.replace(/\W+/g, '-')}.rss`;
const ENTITIES = Array.from({ length: 64 }, (_, i) => `<!ENTITY e${i} "${'x'.repeat(4096)}">`).join('');

/**
 * One document per class of hostile input the parse once paid for with quadratic time, amplified
 * memory or the whole process, and what a user must then see: the feed's good item stored (the
 * hostile item read or cut to size), or the feed's clean recorded error.
 */
const DOCUMENTS: Array<[name: string, body: string, outcome: 'stored' | RegExp]> = [
  [
    'unclosed <title>',
    rss(repeatTo('<title>', HOSTILE_BYTES)),
    /^refused: elements are nested more than 256 deep/,
  ],
  ['unclosed <!--', rss(item('') + repeatTo('<!--', HOSTILE_BYTES)), /^not a feed: XML is malformed/],
  [
    'unclosed <![CDATA[',
    rss(item(`<description>${repeatTo('<![CDATA[', HOSTILE_BYTES)}</description>`)),
    /^not a feed: XML is malformed/,
  ],
  ['escaped <p', rss(item(`<description>${repeatTo('&lt;p', HOSTILE_BYTES)}</description>`)), 'stored'],
  [
    'raw <p in CDATA',
    rss(item(`<description><![CDATA[${repeatTo('<p', HOSTILE_BYTES)}]]></description>`)),
    'stored',
  ],
  [
    'ten long authors',
    rss(item(`<dc:creator>${'a '.repeat(HOSTILE_BYTES / 20)}</dc:creator>`.repeat(10))),
    'stored',
  ],
  ['bare ampersands', rss(item(`<description>${repeatTo('& ', HOSTILE_BYTES)}</description>`)), 'stored'],
  ['HTML entities', rss(item(`<description>${repeatTo('&nbsp;', HOSTILE_BYTES)}</description>`)), 'stored'],
  ['C1 controls', rss(item(`<description>${repeatTo('\u0085', HOSTILE_BYTES)}</description>`)), 'stored'],
  [
    'entity amplification',
    rss(
      item(`<description>${repeatTo('&e1;', HOSTILE_BYTES / 64)}</description>`),
      `<!DOCTYPE rss [${ENTITIES}]>`,
    ),
    /^refused: the document's DOCTYPE entities expand to more than/,
  ],
  [
    'long attribute',
    rss(item(`<enclosure type="audio/mpeg" url="https://example.com/${'a'.repeat(HOSTILE_BYTES)}"/>`)),
    /^refused: an attribute value is longer than 65,536 characters/,
  ],
  ['mismatched close tags', rss(item(repeatTo('</a></b>', HOSTILE_BYTES))), /^not a feed: XML is malformed/],
  [
    'deep nesting',
    rss(item(repeatTo('<x>', HOSTILE_BYTES / 2) + repeatTo('</x>', HOSTILE_BYTES / 2))),
    /^refused: elements are nested more than 256 deep/,
  ],
  [
    'empty elements',
    rss(item(repeatTo('<x/>', HOSTILE_BYTES * 2))),
    /^refused: the document has more than 1,000,000/,
  ],
  [
    'empty items',
    rss(repeatTo('<item/>', HOSTILE_BYTES / 2)),
    /^refused: the document has more than 50,000 items/,
  ],
];
// The worker polling only (no model loaded) rests at about 150-190 MiB and peaked at about 265 MiB
// here, two parse threads at a time; before, these documents took it to 350 MiB and, at 14 MiB, the
// first of them aborted the whole process.
const RSS_LIMIT_MIB = 300;

describe('a worker process parsing hostile documents', () => {
  let hostile: FeedServer;
  let good: FeedServer;
  let target: TestDatabase;
  let env: Record<string, string>;
  const workers = new WorkerProcesses();

  beforeAll(async () => {
    hostile = await startFeedServer();
    good = await startFeedServer(); // another host: the per-host limit does not tie it to the hostile ones
    target = await createTestDatabase();
    env = testEnvironment(target.url, { WORKER_QUEUES: 'feed-poll', ...FAST_POLLING });
  });

  afterAll(async () => {
    await workers.killAll();
    await removeQueuesAt(queuePlaceOf(env), QueueName.FeedPoll);
    await target.drop();
    await hostile.close();
    await good.close();
  });

  it('stores each feed’s good item or records a clean error, keeps polling a good feed, within bounded memory', async () => {
    const feeds = new FeedRepository(target.db);
    const add = async (url: string, outlet: string) =>
      (await feeds.create({ url, outlet, country: 'INT', language: 'en', kind: 'independent' }, 'api', 2))!;
    const hostileFeeds: Feed[] = [];
    for (const [name, body] of DOCUMENTS) {
      hostile.serve(pathOf(name), { body });
      hostileFeeds.push(await add(hostile.url(pathOf(name)), `Hostile (${name})`));
    }
    good.serve('/desk.rss', { body: RSS_FEED, etag: '"d1"' });
    const desk = await add(good.url('/desk.rss'), 'Desk');

    const worker = workers.start(env);
    let peakMiB = 0;
    const sampler = setInterval(() => {
      if (worker.child.exitCode === null) peakMiB = Math.max(peakMiB, worker.rssMiB());
    }, 50);
    try {
      // Every hostile document fetched and parsed at least twice (the worker lived through each of them).
      await eventually(async () => {
        const twice = DOCUMENTS.every(([name]) => hostile.requestsTo(pathOf(name)).length >= 2);
        return twice && good.requestsTo('/desk.rss').length >= 5;
      }, 240_000);
    } finally {
      clearInterval(sampler);
    }

    for (const [i, [name, , outcome]] of DOCUMENTS.entries()) {
      const row = (await feeds.get(hostileFeeds[i].id))!;
      const titles = await target.db.query<{ title: string }>(
        `SELECT a.title FROM feed_items i JOIN articles a ON a.id = i.article_id WHERE i.feed_id = $1`,
        [row.id],
      );
      const seen = { name, lastError: row.lastError, stored: titles.map((article) => article.title) };
      if (outcome === 'stored') {
        expect(seen).toEqual({
          name,
          lastError: null,
          stored: expect.arrayContaining(['Putin and Xi discuss Russia–China trade in Beijing']),
        });
      } else {
        expect(seen).toEqual({ name, lastError: expect.stringMatching(outcome), stored: [] });
      }
    }

    // The good feed was polled on schedule all along, never left waiting behind a parse.
    const polls = good.requestsTo('/desk.rss').map((request) => request.at.getTime());
    const gaps = polls.slice(1).map((at, i) => at - polls[i]);
    expect(Math.max(...gaps)).toBeLessThan(10_000);
    expect((await feeds.get(desk.id))!.lastError).toBeNull();

    expect(worker.child.exitCode).toBeNull();
    expect(peakMiB).toBeGreaterThan(0);
    expect(peakMiB).toBeLessThan(RSS_LIMIT_MIB);
  }, 300_000);
});
