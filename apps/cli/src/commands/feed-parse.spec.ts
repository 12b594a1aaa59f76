import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runFeedParse } from './feed-parse.js';

const dir = mkdtempSync(join(tmpdir(), 'feed-parse-'));
const feedFile = join(dir, 'feed.xml');
writeFileSync(
  feedFile,
  '<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><language>ru</language>' +
    '<item><guid>1</guid><title>Путин и Си</title><link>https://wire.example/1</link><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate></item></channel></rss>',
);
const htmlFile = join(dir, 'page.xml');
writeFileSync(htmlFile, '<!DOCTYPE html><html><body>Oops</body></html>');

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const read = (s: PassThrough) => () => (s.read() as Buffer | null)?.toString('utf8') ?? '';
  return { streams: { stdout, stderr }, out: read(stdout), err: read(stderr) };
}

describe('stancewatch feed parse', () => {
  test('one file --json prints one JSON object', async () => {
    const t = io();
    expect(await runFeedParse([feedFile], { json: true }, t.streams)).toBe(0);
    expect(JSON.parse(t.out())).toEqual({
      feed: { title: 'Wire', link: 'https://wire.example/', language: 'ru' },
      items: [
        {
          guid: '1',
          url: 'https://wire.example/1',
          title: 'Путин и Си',
          summary: null,
          author: null,
          publishedAt: '2004-01-01T19:48:21.000Z',
          categories: [],
        },
      ],
    });
    expect(t.err()).toBe('');
  });

  test('a page that is not a feed: exit 1 and one line on stderr', async () => {
    const t = io();
    expect(await runFeedParse([htmlFile], { json: true }, t.streams)).toBe(1);
    expect(t.out()).toBe('');
    expect(t.err()).toBe(
      `stancewatch: feed parse: ${htmlFile}: not a feed: the document's root element is <html> (an HTML page, not RSS or Atom)\n`,
    );
  });

  test('several inputs: one JSON line each, in order, exit 0 if any parsed', async () => {
    const t = io();
    const missing = join(dir, 'missing.xml');
    expect(await runFeedParse([feedFile, missing, 'https://x.example/rss'], { json: true }, t.streams)).toBe(
      0,
    );
    const lines = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([feedFile, missing, 'https://x.example/rss']);
    expect(lines[0].items).toHaveLength(1);
    expect(lines[1].error).toBe('no such file');
    expect(lines[2].error).toMatch(/no fetcher/);
  });

  test('URLs go through the fetcher, with its URL as the base', async () => {
    const t = io();
    const fetchUrl = async (url: string) => ({
      bytes: Buffer.from(
        '<rss version="2.0"><channel><title>T</title><item><link>/a</link></item></channel></rss>',
      ),
      contentType: 'application/rss+xml; charset=utf-8',
      url,
    });
    expect(await runFeedParse(['https://x.example/rss'], { json: true }, { ...t.streams, fetchUrl })).toBe(0);
    expect(JSON.parse(t.out()).items[0].url).toBe('https://x.example/a');
  });

  test('without --json: a short human summary', async () => {
    const t = io();
    expect(await runFeedParse([feedFile], { json: false }, t.streams)).toBe(0);
    const out = t.out();
    expect(out).toContain('Wire — 1 item');
    expect(out).toContain('- Путин и Си');
  });
});
