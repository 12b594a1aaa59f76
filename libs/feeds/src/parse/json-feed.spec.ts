import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTHOR_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT } from '../normalize/text-limits.js';
import { FeedParseError, parseFeedBytes, parseFeedText } from './feed-parser.js';
import { JSON_FEED_MAX_DEPTH } from './json-feed.js';

// The examples the JSON Feed specifications give, quoted as they are (written from the spec text at
// https://jsonfeed.org/version/1.1 and https://jsonfeed.org/version/1).
const SPEC_1_1_EXAMPLE = `{
    "version": "https://jsonfeed.org/version/1.1",
    "title": "My Example Feed",
    "home_page_url": "https://example.org/",
    "feed_url": "https://example.org/feed.json",
    "items": [
        {
            "id": "2",
            "content_text": "This is a second item.",
            "url": "https://example.org/second-item"
        },
        {
            "id": "1",
            "content_html": "<p>Hello, world!</p>",
            "url": "https://example.org/initial-post"
        }
    ]
}`;
const SPEC_1_0_PODCAST = `{
    "version": "https://jsonfeed.org/version/1",
    "user_comment": "This is a podcast feed. You can add this feed to your podcast client using the following URL: http://therecord.co/feed.json",
    "title": "The Record",
    "home_page_url": "http://therecord.co/",
    "feed_url": "http://therecord.co/feed.json",
    "items": [
        {
            "id": "http://therecord.co/chris-parrish",
            "title": "Special #1 - Chris Parrish",
            "url": "http://therecord.co/chris-parrish",
            "content_text": "Chris has worked at Adobe and as a founder of Rogue Sheep, which won an Apple Design Award for Postage. Chris’s new company is Aged & Distilled with Guy English — which shipped Napkin, a Mac app for visual collaboration. Chris is also the co-host of The Record. He lives on Bainbridge Island, a quick ferry ride from Seattle.",
            "content_html": "Chris has worked at <a href=\\"http://adobe.com/\\">Adobe</a> and as a founder of Rogue Sheep, which won an Apple Design Award for Postage. Chris’s new company is Aged & Distilled with Guy English — which shipped <a href=\\"http://aged-and-distilled.com/napkin/\\">Napkin</a>, a Mac app for visual collaboration. Chris is also the co-host of The Record. He lives on <a href=\\"http://www.wikipedia.org/wiki/Bainbridge_Island\\">Bainbridge Island</a>, a quick ferry ride from Seattle.",
            "summary": "Brent interviews Chris Parrish, co-host of The Record and one-half of Aged & Distilled.",
            "date_published": "2014-05-09T14:04:00-07:00",
            "attachments": [
                {
                    "url": "http://therecord.co/downloads/The-Record-sp1e1-ChrisParrish.m4a",
                    "mime_type": "audio/x-m4a",
                    "size_in_bytes": 89970236,
                    "duration_in_seconds": 6629
                }
            ]
        }
    ]
}`;

const feed11 = (items: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Feed', items, ...extra });

async function parseError(text: string, contentType?: string): Promise<string> {
  try {
    await parseFeedBytes(Buffer.from(text), { contentType });
  } catch (error) {
    expect(error).toBeInstanceOf(FeedParseError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('parsed');
}

describe('JSON Feed: the specifications’ examples', () => {
  test('1.1 simple example: both items, content_text and content_html as plain text', async () => {
    const doc = await parseFeedText(SPEC_1_1_EXAMPLE);
    expect(doc.feed).toEqual({
      title: 'My Example Feed',
      link: 'https://example.org/',
      language: null,
      ttlMinutes: null,
      encoding: 'utf-8',
      format: 'json1.1',
    });
    expect(doc.items).toEqual([
      {
        guid: '2',
        url: 'https://example.org/second-item',
        canonicalUrl: 'https://example.org/second-item',
        title: 'This is a second item.',
        summary: 'This is a second item.',
        author: null,
        publishedAt: null,
        publishedAtSource: null,
        categories: [],
        language: 'en',
      },
      expect.objectContaining({
        guid: '1',
        url: 'https://example.org/initial-post',
        summary: 'Hello, world!',
      }),
    ]);
  });

  test('1.0 podcast example: title, summary over content, date to UTC', async () => {
    const doc = await parseFeedText(SPEC_1_0_PODCAST);
    expect(doc.feed).toMatchObject({ title: 'The Record', link: 'http://therecord.co/', format: 'json1.0' });
    expect(doc.items).toEqual([
      {
        guid: 'http://therecord.co/chris-parrish',
        url: 'http://therecord.co/chris-parrish',
        canonicalUrl: 'http://therecord.co/chris-parrish',
        title: 'Special #1 - Chris Parrish',
        summary: 'Brent interviews Chris Parrish, co-host of The Record and one-half of Aged & Distilled.',
        author: null,
        publishedAt: new Date('2014-05-09T21:04:00Z'),
        publishedAtSource: 'published',
        categories: [],
        language: 'en',
      },
    ]);
  });

  const corpusExample = resolve(
    dirname(fileURLToPath(import.meta.url)),
    '../../../../../shared/corpus/feeds/feedparser/tests/json/example.json',
  );
  const corpusTest = existsSync(corpusExample) ? test : test.skip;
  if (!existsSync(corpusExample))
    console.warn(`skipped: feedparser's JSON Feed example is not at ${corpusExample} (../shared/corpus)`);
  const corpusTitle = existsSync(corpusExample)
    ? "feedparser's example (../shared/corpus): 1.0 authors, tags, script dropped"
    : "feedparser's example (skipped: ../shared/corpus not found — it is only in CI)";
  corpusTest(corpusTitle, async () => {
    const doc = await parseFeedBytes(readFileSync(corpusExample));
    expect(doc.feed.title).toBe('My Example Feed');
    expect(doc.items).toHaveLength(2);
    expect(doc.items[0]).toMatchObject({ guid: '2', author: 'me', categories: ['test', 'JSON'] });
    expect(doc.items[1]).toMatchObject({ guid: '1', author: 'you', summary: 'Hello, world!' });
  });
});

describe('JSON Feed: fields', () => {
  test('url, else external_url, resolved against feed_url, else the document address', async () => {
    const items = [
      { id: 'a', url: '/2025/05/08/summit', title: 'Summit' },
      { id: 'b', external_url: 'https://other.example.net/story', title: 'Elsewhere' },
      { id: 'c', url: 'javascript:alert(1)', external_url: 'linked', title: 'Relative external' },
    ];
    const withFeedUrl = await parseFeedText(
      feed11(items, { feed_url: 'https://news.example.org/feeds/all.json' }),
      {
        documentUrl: 'https://mirror.example.com/x.json',
      },
    );
    expect(withFeedUrl.items.map((item) => item.url)).toEqual([
      'https://news.example.org/2025/05/08/summit',
      'https://other.example.net/story',
      'https://news.example.org/feeds/linked',
    ]);
    const byDocument = await parseFeedText(feed11(items.slice(0, 1)), {
      documentUrl: 'https://mirror.example.com/feeds/x.json',
    });
    expect(byDocument.items[0].url).toBe('https://mirror.example.com/2025/05/08/summit');
  });

  test('1.1 authors and language, the feed’s authors inherited, date_modified as a fallback', async () => {
    const doc = await parseFeedText(
      feed11(
        [
          {
            id: 1,
            title: 'Путин и Си Цзиньпин',
            authors: [{ name: 'Анна' }, { url: 'https://x' }, { name: 'Олег' }],
            date_modified: '2025-05-08T17:20:00+03:00',
            tags: ['Политика', 'Политика', 7],
          },
          { id: '2', title: 'Без автора', language: 'ru-RU', date_published: 'not a date' },
        ],
        { language: 'ru', authors: [{ name: 'Редакция' }] },
      ),
    );
    expect(doc.feed.language).toBe('ru');
    expect(doc.items[0]).toMatchObject({
      guid: '1',
      author: 'Анна, Олег',
      publishedAt: new Date('2025-05-08T14:20:00Z'),
      publishedAtSource: 'updated',
      categories: ['Политика'],
      language: 'ru',
    });
    expect(doc.items[1]).toMatchObject({ author: 'Редакция', publishedAt: null, language: 'ru' });
  });

  test('an untitled item is titled by its text, cut at a word', async () => {
    const text = 'Moscow and Beijing signed '.repeat(10).trim();
    const doc = await parseFeedText(feed11([{ id: 'x', content_text: text }]));
    const title = doc.items[0].title!;
    expect(title.length).toBeLessThanOrEqual(140);
    expect(title).toMatch(/^Moscow and Beijing signed( \w+)+…$/);
    expect(text.startsWith(`${title.slice(0, -1)} `)).toBe(true);
    expect(doc.items[0].summary).toBe(text);
  });

  test('HTML in summary and content_html is stripped as for RSS; content_text stays as written', async () => {
    const doc = await parseFeedText(
      feed11([
        { id: '1', summary: '<p>Talks&nbsp;in <b>Moscow</b></p><script>evil()</script>' },
        { id: '2', content_html: '<div>Trade &amp; <i>yuan</i></div>' },
        { id: '3', content_text: 'a < b & c &amp; d' },
      ]),
    );
    expect(doc.items.map((item) => item.summary)).toEqual([
      'Talks in Moscow',
      'Trade & yuan',
      'a < b & c &amp; d',
    ]);
  });
});

describe('JSON Feed: bad input', () => {
  test('items that are no objects stay as empty items (a poll counts them); wrong-typed fields are absent', async () => {
    const doc = await parseFeedText(
      feed11([
        null,
        'text',
        [1],
        { id: { nested: true }, url: 42, title: ['x'], date_published: 1715170800 },
      ]),
    );
    expect(doc.items).toHaveLength(4);
    for (const item of doc.items)
      expect(item).toMatchObject({ guid: null, url: null, title: null, summary: null, publishedAt: null });
  });

  test('text that is not a JSON Feed fails with one line saying what was expected', async () => {
    expect(await parseError('{"version": "https://jsonfeed.org/version/1.1", "items": [')).toMatch(
      /^not a feed: invalid JSON/,
    );
    expect(await parseError('{"items": []}')).toBe(
      'not a feed: JSON without a JSON Feed "version" (https://jsonfeed.org/version/1.1 or /version/1)',
    );
    expect(await parseError('{"version": "https://jsonfeed.org/version/1.1", "items": {}}')).toBe(
      'not a feed: a JSON Feed without an "items" array',
    );
    expect(await parseError('[1, 2]', 'application/json')).toBe('not a feed: JSON that is not an object');
  });

  test('the content type decides for text that does not start with a brace, unless it is XML', async () => {
    const json = `\n  ${feed11([{ id: '1', url: 'https://example.org/1', title: 'One' }])}`;
    expect(
      (await parseFeedBytes(Buffer.from(json), { contentType: 'application/feed+json' })).feed.format,
    ).toBe('json1.1');
    const rss =
      '<rss version="2.0"><channel><title>T</title><item><title>One</title><link>https://example.org/1</link></item></channel></rss>';
    const mislabelled = await parseFeedBytes(Buffer.from(rss), { contentType: 'application/json' });
    expect(mislabelled).toMatchObject({ feed: { format: 'rss2.0' }, items: [{ title: 'One' }] });
  });

  test(`JSON nested past ${JSON_FEED_MAX_DEPTH} levels is refused before it is parsed, even 1 M levels`, async () => {
    const deep = `{"version": "https://jsonfeed.org/version/1.1", "items": [${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}]}`;
    expect(await parseError(deep)).toBe(
      `not a feed: JSON nested more than ${JSON_FEED_MAX_DEPTH} levels deep (a JSON Feed needs 4)`,
    );
    // Braces inside strings are text, not nesting.
    const doc = await parseFeedText(feed11([{ id: '1', title: '{'.repeat(10_000) }]));
    expect(doc.items[0].title).toBe('{'.repeat(TITLE_LIMIT.maxChars));
  });

  test('titles, summaries, authors and tags are held to the XML path’s caps', async () => {
    const doc = await parseFeedText(
      feed11([
        {
          id: '1',
          title: 'Kremlin '.repeat(10_000),
          summary: `<p>${'Beijing '.repeat(200_000)}</p>`,
          authors: Array.from({ length: 1_000 }, (_, i) => ({ name: `Author ${i} `.repeat(100) })),
          tags: Array.from({ length: 10_000 }, (_, i) => `tag ${i}`),
        },
      ]),
    );
    const [item] = doc.items;
    expect(item.title!.length).toBeLessThanOrEqual(TITLE_LIMIT.maxChars);
    expect(item.title!.startsWith('Kremlin Kremlin')).toBe(true);
    expect(item.summary!.length).toBeLessThanOrEqual(SUMMARY_LIMIT.maxChars);
    expect(item.summary!.startsWith('Beijing Beijing')).toBe(true);
    expect(item.author!.length).toBeLessThanOrEqual(AUTHOR_LIMIT.maxChars);
    expect(item.categories).toHaveLength(100);
  });
});
