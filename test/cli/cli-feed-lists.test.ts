import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { stancewatch } from '../support/run-cli.js';
import { removeQueuesAt } from '../support/worker-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A subscription list as Miniflux and FreshRSS export it (nested categories, an outline without a
// title, a bare ampersand, a reader's own namespace), written here in the shape they write.
const READER_OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:frss="https://freshrss.org/opml">
  <head><title>FreshRSS</title></head>
  <body>
    <outline text="News">
      <outline text="Russia">
        <outline text="TASS" title="TASS" type="rss" xmlUrl="https://tass.example.org/rss/v2.xml" htmlUrl="https://tass.example.org" frss:cssFullContent="article"/>
        <outline type="rss" xmlUrl="https://ria.example.org/export/rss2/index.xml?section=world&lang=ru" htmlUrl="https://www.ria.example.org/"/>
      </outline>
      <outline text="Wire" title="Wire">
        <outline text="Old FTP mirror" type="rss" xmlUrl="ftp://mirror.example.org/feed.xml"/>
      </outline>
    </outline>
  </body>
</opml>
`;

type Line = { url: string; title: string | null; category: string | null; status: string; error?: string };
const lines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

describe('stancewatch feeds import and export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stancewatch-feed-lists-'));
  const file = (name: string, body: string | Buffer) => {
    writeFileSync(join(dir, name), body);
    return join(dir, name);
  };
  let first: TestDatabase;
  let second: TestDatabase;
  let third: TestDatabase;
  let server: FeedServer;
  const envOf = (db: TestDatabase) => ({ DATABASE_URL: db.url, QUEUE_PREFIX: `swlists${process.pid}` });
  const listed = async (db: TestDatabase) =>
    lines((await stancewatch(['feeds', 'list', '--json'], envOf(db))).stdout);

  beforeAll(async () => {
    [first, second, third] = await Promise.all([
      createTestDatabase(),
      createTestDatabase(),
      createTestDatabase(),
    ]);
    server = await startFeedServer();
  });

  afterAll(async () => {
    await Promise.all([first.drop(), second.drop(), third.drop(), server.close()]);
    // The schedulers the imports made.
    await removeQueuesAt(
      { redisUrl: 'redis://127.0.0.1:6379', queuePrefix: `swlists${process.pid}` },
      QueueName.FeedPoll,
    );
  });

  it('reports a dry run feed by feed and changes nothing', async () => {
    const opml = file('reader.opml', READER_OPML);
    const run = await stancewatch(
      [
        'feeds',
        'import',
        opml,
        '--dry-run',
        '--json',
        '--country',
        'RU',
        '--language',
        'ru',
        '--kind',
        'state',
      ],
      envOf(first),
    );
    expect(run).toMatchObject({ code: 0 });
    expect(lines(run.stdout)).toEqual([
      {
        url: 'https://tass.example.org/rss/v2.xml',
        title: 'TASS',
        category: 'News / Russia',
        status: 'would-add',
      },
      {
        url: 'https://ria.example.org/export/rss2/index.xml?section=world&lang=ru',
        title: null,
        category: 'News / Russia',
        status: 'would-add',
      },
      {
        url: 'ftp://mirror.example.org/feed.xml',
        title: 'Old FTP mirror',
        category: 'News / Wire',
        status: 'rejected',
        error: expect.stringMatching(/^url: expected an absolute http\(s\) URL/),
      },
    ]);
    expect(run.stderr).toMatch(/3 feed\(s\): 2 would-add, 1 rejected/);
    expect(await listed(first)).toEqual([]);
  });

  it('adds the feeds, names an untitled one by its site, and reports them as existing the second time', async () => {
    const opml = file('reader.opml', READER_OPML);
    const flags = ['--country', 'RU', '--language', 'ru', '--kind', 'state', '--json'];
    const run = await stancewatch(['feeds', 'import', opml, ...flags], envOf(first));
    expect(run).toMatchObject({ code: 0 });
    expect(lines(run.stdout).map((l) => l.status)).toEqual(['added', 'added', 'rejected']);
    const feeds = await listed(first);
    expect(feeds).toEqual([
      expect.objectContaining({
        url: 'https://tass.example.org/rss/v2.xml',
        title: 'TASS',
        outlet: 'TASS',
        country: 'RU',
        language: 'ru',
        kind: 'state',
        origin: 'cli',
      }),
      expect.objectContaining({
        url: 'https://ria.example.org/export/rss2/index.xml?section=world&lang=ru',
        title: null,
        outlet: 'ria.example.org',
      }),
    ]);

    const again = await stancewatch(['feeds', 'import', opml, ...flags], envOf(first));
    expect(lines(again.stdout).map((l) => l.status)).toEqual(['exists', 'exists', 'rejected']);
    expect(await listed(first)).toHaveLength(2);
  });

  it('fails with one line on a file that is not a feed list, and changes nothing', async () => {
    const before = await listed(first);
    const cases = [
      [join(dir, 'missing.opml'), /^stancewatch: cannot read .*missing\.opml \(ENOENT\)\n$/],
      [file('page.html', '<!doctype html><html><body>x</body></html>'), /page\.html: not OPML: .*<html>/],
      [
        file(
          'broken.opml',
          '<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example.org/"></body>',
        ),
        /broken\.opml: not OPML: XML is malformed at line 1/,
      ],
      [
        file('feed.xml', '<rss version="2.0"><channel><title>x</title></channel></rss>'),
        /is a feed .*feeds add URL/,
      ],
    ] as const;
    for (const [path, message] of cases) {
      const run = await stancewatch(
        ['feeds', 'import', path, '--country', 'RU', '--language', 'ru', '--kind', 'state'],
        envOf(first),
      );
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    const badFlag = await stancewatch(
      ['feeds', 'import', file('x.opml', READER_OPML), '--country', 'Russia'],
      envOf(first),
    );
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--country: expected an ISO 3166-1 alpha-2 country code/);
    expect(await listed(first)).toEqual(before);
  });

  it('exports OPML 2.0 that, imported into an empty registry, gives the same registry', async () => {
    const exported = await stancewatch(['feeds', 'export'], envOf(first));
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0" xmlns:stancewatch=/,
    );
    expect(exported.stdout).toContain(
      'xmlUrl="https://ria.example.org/export/rss2/index.xml?section=world&amp;lang=ru"',
    );
    expect(exported.stdout).toContain(
      'stancewatch:outlet="TASS" stancewatch:country="RU" stancewatch:language="ru" stancewatch:kind="state"',
    );

    // No flags: everything comes from the file's own attributes.
    const run = await stancewatch(
      ['feeds', 'import', file('export.opml', exported.stdout), '--json'],
      envOf(second),
    );
    expect(run).toMatchObject({ code: 0 });
    expect(lines(run.stdout).map((l) => l.status)).toEqual(['added', 'added']);
    const described = (feeds: Line[]) =>
      feeds.map((f) => {
        const { url, title, outlet, country, language, kind } = f as unknown as Record<string, unknown>;
        return { url, title, outlet, country, language, kind };
      });
    expect(described(await listed(second))).toEqual(described(await listed(first)));
  });

  it('exports feeds.json that reads back as the same feeds', async () => {
    const exported = await stancewatch(['feeds', 'export', '--format', 'json'], envOf(first));
    expect(exported).toMatchObject({ code: 0 });
    const entries = JSON.parse(exported.stdout) as Array<Record<string, string>>;
    expect(entries[0]).toEqual({
      url: 'https://tass.example.org/rss/v2.xml',
      title: 'TASS',
      outlet: 'TASS',
      country: 'RU',
      language: 'ru',
      kind: 'state',
    });
    const dry = await stancewatch(
      ['feeds', 'import', file('feeds.json', exported.stdout), '--dry-run', '--json'],
      envOf(first),
    );
    expect(lines(dry.stdout).map((l) => l.status)).toEqual(['exists', 'exists']);
  });

  it('stores what neither the file nor a flag says as unknown, and learns the language at the first poll', async () => {
    server.serve('/desk.rss', { body: RSS_FEED, contentType: 'application/rss+xml' }); // <language>en</language>
    const opml = file(
      'bare.opml',
      `<opml version="1.0"><body><outline text="Desk" xmlUrl="${server.url('/desk.rss')}"/></body></opml>`,
    );
    const run = await stancewatch(['feeds', 'import', opml, '--json'], envOf(third));
    expect(run).toMatchObject({ code: 0 });
    expect(lines(run.stdout)).toEqual([expect.objectContaining({ status: 'added', title: 'Desk' })]);
    const [feed] = (await listed(third)) as unknown as Array<Record<string, unknown>>;
    expect(feed).toMatchObject({ country: 'unknown', language: 'unknown', kind: 'unknown' });

    const poll = await stancewatch(['feeds', 'poll', String(feed.id), '--json'], envOf(third));
    expect(poll).toMatchObject({ code: 0 });
    const [polled] = (await listed(third)) as unknown as Array<Record<string, unknown>>;
    expect(polled).toMatchObject({ language: 'en', feedLanguage: 'en', country: 'unknown', kind: 'unknown' });

    // `feeds add` no longer demands a language (nor a country or kind): unknown until someone says.
    const added = await stancewatch(
      ['feeds', 'add', 'https://plain.example.org/rss', '--outlet', 'Plain', '--json'],
      envOf(third),
    );
    expect(added).toMatchObject({ code: 0 });
    expect(JSON.parse(added.stdout)).toMatchObject({
      country: 'unknown',
      language: 'unknown',
      kind: 'unknown',
    });
    const other = await stancewatch(
      [
        'feeds',
        'add',
        'https://de.example.org/rss',
        '--outlet',
        'DE',
        '--language',
        'de',
        '--country',
        'DE',
        '--json',
      ],
      envOf(third),
    );
    expect(JSON.parse(other.stdout)).toMatchObject({ language: 'de', country: 'DE', kind: 'unknown' });
    const wrong = await stancewatch(
      ['feeds', 'add', 'https://x.example.org/rss', '--outlet', 'X', '--language', 'xx'],
      envOf(third),
    );
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.stderr).toMatch(/--language: expected en, ru, zh, another ISO 639-1 code .* or "unknown"/);
  });
});
