import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import {
  ATOM_FEED,
  HTML_PAGE,
  RSS_FEED,
  RU_FEED,
  startFeedServer,
  type FeedServer,
} from '../support/feed-server.js';
import { stancewatch } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('the stancewatch command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stancewatch-cli-'));
  const file = (name: string, body: string | Buffer) => {
    writeFileSync(join(dir, name), body);
    return join(dir, name);
  };
  let server: FeedServer;
  let target: TestDatabase;

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
  });

  afterAll(async () => {
    await target.drop();
    await server.close();
  });

  describe('feed parse', () => {
    it('prints one JSON object for one feed', async () => {
      const run = await stancewatch(['feed', 'parse', file('desk.rss', RSS_FEED), '--json']);
      expect(run.code).toBe(0);
      const parsed = JSON.parse(run.stdout);
      expect(parsed.feed).toEqual({
        title: 'Eurasia Desk — Russia and China',
        link: 'https://eurasia-desk.example.org/russia-china',
        language: 'en',
      });
      expect(parsed.items).toHaveLength(3);
      expect(parsed.items[0]).toEqual({
        guid: 'eurasia-desk-48211',
        url: 'https://eurasia-desk.example.org/2025/05/08/putin-xi-joint-statement',
        title: 'Putin and Xi sign joint statement on deepening "comprehensive partnership"',
        summary:
          'The leaders pledged closer coordination at the UN and more trade settled in yuan and roubles.',
        author: null,
        publishedAt: '2025-05-08T14:20:00.000Z',
        categories: [],
      });
    });

    it('decodes a windows-1251 feed from its XML declaration', async () => {
      const run = await stancewatch([
        'feed',
        'parse',
        file('ru.rss', iconv.encode(RU_FEED, 'win1251')),
        '--json',
      ]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).items[0].title).toBe(
        'Россия и Китай договорились расширить расчёты в национальных валютах',
      );
    });

    it('fails on input that is not a feed with one line on stderr and no stack trace', async () => {
      const run = await stancewatch(['feed', 'parse', file('page.html', HTML_PAGE), '--json']);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/not a feed/i);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const missing = await stancewatch(['feed', 'parse', join(dir, 'nope.xml')]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/nope\.xml/);
    });

    it('prints one JSON line per input, in order, and exits 0 when any parsed', async () => {
      const inputs = [file('a.atom', ATOM_FEED), file('b.html', HTML_PAGE), file('c.rss', RSS_FEED)];
      const run = await stancewatch(['feed', 'parse', ...inputs, '--json']);
      expect(run.code).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => line.file)).toEqual(inputs);
      expect(lines[0].items).toHaveLength(2);
      expect(lines[1].error).toMatch(/not a feed/i);
      expect(lines[2].feed.title).toBe('Eurasia Desk — Russia and China');
    });

    it('fetches a URL through the same guarded fetcher as the worker', async () => {
      server.serve('/cli.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
      const run = await stancewatch(['feed', 'parse', server.url('/cli.rss'), '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).items).toHaveLength(3);
      const refused = await stancewatch(['feed', 'parse', server.url('/cli.rss'), '--json'], {
        FEED_ALLOW_CIDRS: '',
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/loopback.*FEED_ALLOW_CIDRS/);
    });
  });

  describe('relevance', () => {
    it('prints whether a text is relevant and which terms matched', async () => {
      const run = await stancewatch(['relevance', 'Putin meets Xi in Beijing to discuss Power of Siberia 2']);
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.relevant).toBe(true);
      expect(result.terms).toEqual(expect.arrayContaining(['Putin', 'Beijing']));
      const other = JSON.parse((await stancewatch(['relevance', 'Russian ballet opens in Paris'])).stdout);
      expect(other).toEqual({ relevant: false, terms: expect.any(Array) });
    });

    it('reads a JSON Lines file, one result per line', async () => {
      const input = file(
        'texts.jsonl',
        ['Россия и Китай подписали соглашение', '中俄关系持续发展', 'Weather in Oslo']
          .map((text) => JSON.stringify({ text }))
          .join('\n'),
      );
      const run = await stancewatch(['relevance', '--file', input]);
      expect(run.code).toBe(0);
      expect(
        run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).relevant),
      ).toEqual([true, true, false]);
    });
  });

  describe('feeds', () => {
    it('migrates, adds, lists, polls and disables a feed', async () => {
      const env = { DATABASE_URL: target.url, QUEUE_PREFIX: `swcli${process.pid}` };
      expect((await stancewatch(['migrate'], env)).stdout).toMatch(/up to date/);
      server.serve('/ops.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
      const added = await stancewatch(
        [
          'feeds',
          'add',
          server.url('/ops.rss'),
          '--outlet',
          'Ops Desk',
          '--country',
          'INT',
          '--language',
          'en',
          '--kind',
          'independent',
          '--json',
        ],
        env,
      );
      expect(added.code).toBe(0);
      const feed = JSON.parse(added.stdout);

      const poll = await stancewatch(['feeds', 'poll', String(feed.id), '--json'], env);
      expect(poll.code).toBe(0);
      expect(JSON.parse(poll.stdout)).toMatchObject({ outcome: 'ok', itemsNew: 3 });

      const list = await stancewatch(['feeds', 'list', '--json'], env);
      const listed = list.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(listed.find((f) => f.id === feed.id)).toMatchObject({ lastStatus: 'ok', enabled: true });

      expect((await stancewatch(['feeds', 'disable', String(feed.id)], env)).code).toBe(0);
      const history = await stancewatch(['feeds', 'history', String(feed.id)], env);
      expect(history.stdout).toMatch(/ok/);
      const after = JSON.parse(
        (await stancewatch(['feeds', 'list', '--json'], env)).stdout.trim().split('\n')[0],
      );
      expect(after.enabled).toBe(false);
    });

    it('says what to change for bad input: exit 2 for usage, 1 for failed work', async () => {
      const env = { DATABASE_URL: target.url };
      const badId = await stancewatch(['feeds', 'disable', 'abc'], env);
      expect(badId.code).toBe(2);
      expect(badId.stderr).toMatch(/positive whole number/);
      const missing = await stancewatch(['feeds', 'poll', '424242'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no feed with id 424242/);
      const badKind = await stancewatch(
        [
          'feeds',
          'add',
          'https://x.example/rss',
          '--outlet',
          'X',
          '--country',
          'RU',
          '--language',
          'ru',
          '--kind',
          'tabloid',
        ],
        env,
      );
      expect(badKind.code).toBe(2);
      expect(badKind.stderr).toMatch(/tabloid/);
      const badEnv = await stancewatch(['feeds', 'list'], { DATABASE_URL: 'mysql://localhost/x' });
      expect(badEnv.code).toBe(2);
      expect(badEnv.stderr).toMatch(/DATABASE_URL: expected a postgres/);
      expect(badEnv.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('says a database is not migrated only when a table is missing', async () => {
      const bare = await createTestDatabase({ migrated: false });
      try {
        const run = await stancewatch(['feeds', 'list'], { DATABASE_URL: bare.url });
        expect(run.code).toBe(1);
        expect(run.stderr.trim()).toBe(
          'stancewatch: relation "feeds" does not exist: the database is not migrated yet; run `npx stancewatch migrate`',
        );
      } finally {
        await bare.drop();
      }
    });
  });
});
