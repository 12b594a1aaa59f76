import iconv from 'iconv-lite';
import { FeedParseError, parseFeedBytes, parseFeedText } from './feed-parser.js';

const rss = (items: string, channel = '') =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://example.com/</link>${channel}${items}</channel></rss>`;

describe('parseFeedText', () => {
  test('RSS 2.0 items are normalised', async () => {
    const doc = await parseFeedText(
      rss(
        `<item><title>Putin &amp; Xi <b>meet</b></title><link>/news/1?utm_source=rss&amp;id=7#c</link>
        <description>&lt;p&gt;Talks&amp;nbsp;in&lt;script&gt;evil()&lt;/script&gt;  Moscow&lt;/p&gt;</description>
        <author>desk@example.com (News Desk)</author><category>World</category><category>World</category>
        <guid isPermaLink="false">abc-1</guid><pubDate>Tue, 10 Jan 2017 19:58:13 +0300</pubDate></item>`,
        '<language>en-us</language><ttl>30</ttl>',
      ),
    );
    expect(doc.feed).toEqual({
      title: 'Feed',
      link: 'https://example.com/',
      language: 'en',
      ttlMinutes: 30,
      encoding: 'utf-8',
      format: 'rss2.0',
    });
    expect(doc.items[0]).toEqual({
      guid: 'abc-1',
      url: 'https://example.com/news/1?utm_source=rss&id=7#c',
      canonicalUrl: 'https://example.com/news/1?id=7',
      title: 'Putin & Xi meet',
      summary: 'Talks in Moscow',
      author: 'News Desk',
      publishedAt: new Date('2017-01-10T16:58:13Z'),
      publishedAtSource: 'published',
      categories: ['World'],
      language: 'en',
    });
  });

  test('Atom 1.0: xml:base, xhtml content, updated as a fallback date, script-detected language', async () => {
    const doc =
      await parseFeedText(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ru.example.org/news/">
      <title type="text">Лента</title><link rel="self" href="/feed"/><link href="https://ru.example.org/"/>
      <entry><id>urn:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Россия и <i>Китай</i></div></title>
        <link rel="alternate" href="item-1"/><updated>2020-10-15T10:00:00+03:00</updated>
        <author><name>Редакция</name></author><category term="politics"/></entry></feed>`);
    expect(doc.feed).toMatchObject({ title: 'Лента', link: 'https://ru.example.org/', format: 'atom1.0' });
    expect(doc.items[0]).toMatchObject({
      guid: 'urn:1',
      url: 'https://ru.example.org/news/item-1',
      title: 'Россия и Китай',
      author: 'Редакция',
      publishedAt: new Date('2020-10-15T07:00:00Z'),
      publishedAtSource: 'updated',
      categories: ['politics'],
      language: 'ru',
    });
  });

  test('Atom 0.3 and RSS 1.0 (RDF) items keep their dates and ids', async () => {
    const atom03 =
      await parseFeedText(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
      <entry><title>中俄关系</title><id>tag:x,2004:1</id><issued>2004-01-01T19:48:21Z</issued>
      <content type="text/html" mode="escaped">&lt;p&gt;内容&lt;/p&gt;</content></entry></feed>`);
    expect(atom03.feed.format).toBe('atom0.3');
    expect(atom03.items[0]).toMatchObject({
      guid: 'tag:x,2004:1',
      summary: '内容',
      publishedAtSource: 'published',
      language: 'zh',
    });

    const rdf =
      await parseFeedText(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://e.org/"><title>RDF</title><link>http://e.org/</link></channel>
      <item rdf:about="http://e.org/1"><title>One</title><link>http://e.org/1</link><dc:date>2003-12-31T10:14:55Z</dc:date>
      <dc:creator>Ann</dc:creator></item></rdf:RDF>`);
    expect(rdf.feed.format).toBe('rss1.0');
    expect(rdf.items[0]).toMatchObject({
      guid: 'http://e.org/1',
      author: 'Ann',
      publishedAt: new Date('2003-12-31T10:14:55Z'),
    });
  });

  test('HTML named entities without a DTD and bare ampersands do not reject the feed', async () => {
    const doc = await parseFeedText(
      rss('<item><title>Caf&eacute;&nbsp;&mdash; R&D & co &amp; &lt;3</title></item>'),
    );
    expect(doc.items[0].title).toBe('Café — R&D & co & <3');
  });

  test('garbage before the first tag and an unparseable date are tolerated', async () => {
    const doc = await parseFeedText(
      `\uFEFF\n  junk ${rss('<item><title>t</title><pubDate>someday</pubDate></item>')}`,
    );
    expect(doc.items[0]).toMatchObject({ publishedAt: null, publishedAtSource: null });
  });

  test('a billion-laughs document is refused quickly', async () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ];
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${lol.join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
    const started = Date.now();
    await expect(parseFeedText(bomb)).rejects.toThrow(/entity-expansion/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('external entities are never resolved', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${rss('<item><title>a&xxe;b</title></item>')}`;
    const doc = await parseFeedText(xxe);
    expect(doc.items[0].title).toBe('ab');
  });

  test('entities a DTD declares as character references are characters, not an expansion attack', async () => {
    const dtd = `<!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY mdash '&#x2014;'><!ENTITY sign "Xi&#x2019;s &#32;visit">]>`;
    const doc = await parseFeedText(
      `<?xml version="1.0"?>${dtd}${rss('<item><title>Putin&nbsp;&mdash; &sign;</title></item>')}`,
    );
    expect(doc.items[0].title).toBe('Putin \u2014 Xi\u2019s visit');
    const invalid = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY bad "&#0;">]>${rss('<item><title>&bad;</title></item>')}`;
    await expect(parseFeedText(invalid)).rejects.toThrow(
      'not a feed: the DOCTYPE\'s entity "bad" holds &#0;, which is no XML character',
    );
    const nested = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x"><!ENTITY b "&#160;&a;">]>${rss('<item><title>&b;</title></item>')}`;
    await expect(parseFeedText(nested)).rejects.toThrow(/entity "b" that expands other entities/);
  });

  test.each([
    ['', /^empty document$/],
    [
      '<!doctype html><html><body>Not found</body></html>',
      /^not a feed: the document's root element is <html> \(an HTML page, not RSS or Atom\)$/,
    ],
    ['<rss version="2.0">\n<channel>\n<title>x</channel></rss>', /^not a feed: XML is malformed at line 3/],
    ['{"version": "https://jsonfeed.org"}', /^not a feed: JSON without a JSON Feed "version"/],
  ])('%j throws a FeedParseError with a one-line message', async (text, message) => {
    const error = await parseFeedText(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('parseFeedBytes', () => {
  test('decodes windows-1251 bytes and records the encoding', async () => {
    const xml =
      '<?xml version="1.0" encoding="windows-1251"?>' +
      rss('<item><title>Путин посетил Пекин</title></item>');
    const doc = await parseFeedBytes(iconv.encode(xml, 'windows-1251'));
    expect(doc.feed.encoding).toBe('windows-1251');
    expect(doc.items[0]).toMatchObject({ title: 'Путин посетил Пекин', language: 'ru' });
  });

  test('the document URL is the base for relative links when there is no xml:base', async () => {
    const doc = await parseFeedBytes(
      Buffer.from('<rss version="2.0"><channel><link>/</link><item><link>a/b</link></item></channel></rss>'),
      {
        documentUrl: 'https://feeds.example.com/world/rss.xml',
      },
    );
    expect(doc.feed.link).toBe('https://feeds.example.com/');
    expect(doc.items[0].url).toBe('https://feeds.example.com/world/a/b');
  });
});
