import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../../lens/src/index.js';
import { feedEntrySchema, loadFeedRegistryFile } from './feed-registry-file.js';
import { FEED_KINDS } from './vocabulary.js';

const feedsFile = fileURLToPath(new URL('../../../config/feeds.json', import.meta.url));

const tass = {
  url: 'https://tass.com/rss/v2.xml',
  title: 'TASS — all news',
  outlet: 'TASS',
  country: 'RU',
  language: 'en',
  kind: 'state',
};
const xinhua = {
  url: 'http://www.xinhuanet.com/english/rss/worldrss.xml',
  title: 'Xinhua — World',
  outlet: 'Xinhua',
  country: 'CN',
  language: 'en',
  kind: 'state',
  notes: 'URL confidence: low',
};

function writeRegistry(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadFeedRegistryFile', () => {
  it('returns the entries of a valid file', () => {
    expect(loadFeedRegistryFile(writeRegistry([tass, xinhua]))).toEqual([tass, xinhua]);
  });

  it('names the entry, the field and the allowed values for a bad kind', () => {
    const message = errorOf(() => loadFeedRegistryFile(writeRegistry([tass, { ...xinhua, kind: 'blog' }])));
    expect(message).toContain(
      'entry 1 (http://www.xinhuanet.com/english/rss/worldrss.xml) field "kind": expected one of state, independent, wire, aggregator',
    );
  });

  it('refuses a URL that is not absolute http(s)', () => {
    for (const url of ['tass.com/rss', 'ftp://tass.com/rss.xml', 'file:///etc/passwd']) {
      const message = errorOf(() => loadFeedRegistryFile(writeRegistry([{ ...tass, url }])));
      expect(message).toContain(`entry 0 (${url}) field "url": expected an absolute http(s) URL`);
    }
  });

  it('refuses the same URL twice, also when only the host is written in other case', () => {
    const message = errorOf(() =>
      loadFeedRegistryFile(writeRegistry([tass, xinhua, { ...tass, url: 'https://TASS.com/rss/v2.xml' }])),
    );
    expect(message).toContain('entry 2 field "url": duplicate of entry 0');
  });

  it('lists every problem at once, including missing and unknown fields and bad country codes', () => {
    const { outlet: _omitted, ...withoutOutlet } = tass;
    const message = errorOf(() =>
      loadFeedRegistryFile(
        writeRegistry([
          withoutOutlet,
          { ...xinhua, langauge: 'en' },
          { ...xinhua, url: 'https://a.example/f', country: 'XX' },
        ]),
      ),
    );
    expect(message).toContain('invalid feed registry (3 problem(s))');
    expect(message).toContain(
      'entry 0 (https://tass.com/rss/v2.xml) field "outlet": missing; expected the outlet name',
    );
    expect(message).toContain(
      'entry 1 (http://www.xinhuanet.com/english/rss/worldrss.xml): unknown field(s) "langauge"',
    );
    expect(message).toContain(
      'entry 2 (https://a.example/f) field "country": expected an ISO 3166-1 alpha-2 country code',
    );
  });

  it('names the file when it is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'feeds-'));
    expect(errorOf(() => loadFeedRegistryFile(join(dir, 'nope.json')))).toMatch(
      /nope\.json: cannot read the feed registry \(ENOENT\)/,
    );
    expect(errorOf(() => loadFeedRegistryFile(writeRegistry('{"url": ')))).toMatch(
      /feeds\.json: not valid JSON/,
    );
    expect(errorOf(() => loadFeedRegistryFile(writeRegistry({ feeds: [] })))).toMatch(
      /expected a JSON array of feed entries/,
    );
  });
});

describe('feedEntrySchema (used by `feeds add`)', () => {
  it('accepts an entry without a title and ignores options that are not feed fields', () => {
    const { title: _title, ...untitled } = tass;
    const parsed = feedEntrySchema.safeParse({ ...untitled, json: true });
    expect(parsed.success && parsed.data).toEqual(untitled);
  });
});

describe('config/feeds.json', () => {
  const entries = loadFeedRegistryFile(feedsFile);

  it('has at least 30 feeds in every language and of every kind', () => {
    expect(entries.length).toBeGreaterThanOrEqual(30);
    for (const language of LANGUAGES) expect(entries.some((entry) => entry.language === language)).toBe(true);
    for (const kind of FEED_KINDS) expect(entries.some((entry) => entry.kind === kind)).toBe(true);
  });

  it('covers the state media of both countries and outlets from elsewhere', () => {
    const countries = (kind: string) =>
      new Set(entries.filter((entry) => entry.kind === kind).map((entry) => entry.country));
    expect([...countries('state')]).toEqual(expect.arrayContaining(['RU', 'CN']));
    expect(
      entries.filter(
        (entry) => entry.kind === 'independent' && entry.country !== 'RU' && entry.country !== 'CN',
      ).length,
    ).toBeGreaterThan(10);
  });

  it('states a URL confidence for every feed, since none could be fetched when the list was written', () => {
    for (const entry of entries) expect(entry.notes).toMatch(/^URL confidence: (high|medium|low)/);
  });
});
