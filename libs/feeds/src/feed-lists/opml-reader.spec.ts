import { FeedParseError } from '../parse/feed-parse-error.js';
import { readFeedList } from './read-feed-list.js';

// Small lists in the shapes feed readers write (their export code and documentation: Miniflux,
// FreshRSS, Inoreader/Feedly, NetNewsWire, RSSOwl, Thunderbird); written here, not copied.

const utf8 = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readFeedList(utf8(text));

describe('reading OPML as feed readers write it', () => {
  it('reads Miniflux 2.0 with feeds nested in a category', async () => {
    const entries = await read(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
    <head>
        <title>Miniflux</title>
        <dateCreated>Tue, 02 Dec 2025 10:00:00 UTC</dateCreated>
    </head>
    <body>
        <outline text="Russia">
            <outline title="TASS" text="TASS" xmlUrl="https://tass.com/rss/v2.xml" htmlUrl="https://tass.com"></outline>
            <outline title="Meduza" text="Meduza" xmlUrl="https://meduza.io/rss/en/all" htmlUrl="https://meduza.io/en"></outline>
        </outline>
        <outline title="Xinhua" text="Xinhua" xmlUrl="https://www.xinhuanet.com/english/rss/worldrss.xml" htmlUrl="https://english.news.cn"></outline>
    </body>
</opml>`);
    expect(entries).toEqual([
      { url: 'https://tass.com/rss/v2.xml', title: 'TASS', siteUrl: 'https://tass.com', category: 'Russia' },
      {
        url: 'https://meduza.io/rss/en/all',
        title: 'Meduza',
        siteUrl: 'https://meduza.io/en',
        category: 'Russia',
      },
      {
        url: 'https://www.xinhuanet.com/english/rss/worldrss.xml',
        title: 'Xinhua',
        siteUrl: 'https://english.news.cn',
        category: undefined,
      },
    ]);
  });

  it('reads FreshRSS with its own namespace and categories several levels deep', async () => {
    const entries = await read(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:frss="https://freshrss.org/opml">
	<head><title>FreshRSS</title></head>
	<body>
		<outline text="News">
			<outline text="Asia">
				<outline text="China">
					<outline text="Global Times" type="rss" xmlUrl="https://www.globaltimes.cn/rss/outbrain.xml" htmlUrl="https://www.globaltimes.cn/" description="Global Times" frss:cssFullContent="div.article" frss:filtersActionRead="intitle:ad"/>
				</outline>
			</outline>
		</outline>
	</body>
</opml>`);
    expect(entries).toEqual([
      {
        url: 'https://www.globaltimes.cn/rss/outbrain.xml',
        title: 'Global Times',
        siteUrl: 'https://www.globaltimes.cn/',
        category: 'News / Asia / China',
      },
    ]);
  });

  it('reads OPML 1.0 from Inoreader and Feedly, an outline without a title, and lower-case attribute names', async () => {
    const entries = await read(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions in Inoreader</title></head>
  <body>
    <outline text="Wires" title="Wires">
      <outline text="Reuters World" title="Reuters World" type="rss" xmlUrl="https://feeds.example.org/reuters/world" htmlUrl="https://www.reuters.com/world/"/>
      <outline type="rss" xmlUrl="https://untitled.example.org/feed.xml" htmlUrl="https://untitled.example.org/"/>
      <outline type="rss" text="lower" xmlurl="https://lower.example.org/rss" htmlurl="https://lower.example.org"/>
    </outline>
  </body>
</opml>`);
    expect(entries.map((e) => [e.url, e.title, e.category])).toEqual([
      ['https://feeds.example.org/reuters/world', 'Reuters World', 'Wires'],
      ['https://untitled.example.org/feed.xml', undefined, 'Wires'],
      ['https://lower.example.org/rss', 'lower', 'Wires'],
    ]);
    expect(entries[1].siteUrl).toBe('https://untitled.example.org/');
  });

  it('reads bare ampersands in URLs, HTML entities in titles and a category attribute', async () => {
    const entries = await read(`<?xml version="1.0"?>
<opml version="1.1">
  <head><title>NetNewsWire</title></head>
  <body>
    <outline text="Caf&eacute; &amp; Kremlin" type="rss" version="RSS" xmlUrl="https://news.example.org/rss?lang=en&section=world&amp;format=xml" category="/World/Russia,/Other"/>
  </body>
</opml>`);
    expect(entries).toEqual([
      {
        url: 'https://news.example.org/rss?lang=en&section=world&format=xml',
        title: 'Café & Kremlin',
        siteUrl: undefined,
        category: 'World / Russia',
      },
    ]);
  });

  it('decodes a file declared ISO-8859-1 by its declaration', async () => {
    const text = `<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.1" xmlns:rssOwl="http://www.rssowl.org">
  <head><title>RSSOwl</title></head>
  <body>
    <outline text="Économie" rssOwl:id="7">
      <outline text="Le Monde diplomatique — Asie" title="Le Monde diplomatique · Asie" type="rss" xmlUrl="https://www.monde-diplomatique.fr/rss/asie" rssOwl:id="8"/>
    </outline>
  </body>
</opml>`.replace('—', '-');
    const entries = await readFeedList(Buffer.from(text, 'latin1'));
    expect(entries).toEqual([
      {
        url: 'https://www.monde-diplomatique.fr/rss/asie',
        title: 'Le Monde diplomatique · Asie',
        siteUrl: undefined,
        category: 'Économie',
      },
    ]);
  });

  it("reads stancewatch's own attributes under whatever prefix the file binds to its namespace", async () => {
    const entries = await read(`<opml version="2.0" xmlns:sw="https://stancewatch.dev/ns/opml/1">
  <body>
    <outline text="RIA" xmlUrl="https://ria.ru/export/rss2/index.xml" sw:outlet="RIA Novosti" sw:country="RU" sw:language="ru" sw:kind="state"/>
  </body>
</opml>`);
    expect(entries).toEqual([
      {
        url: 'https://ria.ru/export/rss2/index.xml',
        title: undefined, // stancewatch writes `title` for titled feeds only; `text` is OPML's required label
        siteUrl: undefined,
        category: undefined,
        outlet: 'RIA Novosti',
        country: 'RU',
        language: 'ru',
        kind: 'state',
      },
    ]);
  });

  it('reports an rss outline without an address as a problem of that entry', async () => {
    const entries = await read(`<opml version="2.0"><body>
      <outline text="Broken" type="rss" htmlUrl="https://broken.example.org"/>
      <outline text="Just a link" type="link" url="https://example.org/about"/>
    </body></opml>`);
    expect(entries).toEqual([
      expect.objectContaining({ url: '', problem: expect.stringMatching(/no xmlUrl/) }),
    ]);
  });
});

describe('reading stancewatch feeds.json', () => {
  it('reads the entries, and says what is wrong with one that is not an entry', async () => {
    const entries = await read(
      JSON.stringify([
        {
          url: 'https://tass.com/rss/v2.xml',
          title: 'TASS',
          outlet: 'TASS',
          country: 'RU',
          language: 'en',
          kind: 'state',
        },
        'https://not-an-object.example.org',
      ]),
    );
    expect(entries[0]).toEqual({
      url: 'https://tass.com/rss/v2.xml',
      title: 'TASS',
      outlet: 'TASS',
      country: 'RU',
      language: 'en',
      kind: 'state',
    });
    expect(entries[1].problem).toMatch(/entry 1 is not an object/);
  });
});

describe('a file that is no feed list fails with one line', () => {
  const failure = async (text: string | Uint8Array) => {
    const error = await readFeedList(typeof text === 'string' ? utf8(text) : text).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedParseError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  it('names what it got instead', async () => {
    expect(await failure('')).toBe('not OPML: the file is empty');
    expect(await failure('<rss version="2.0"><channel/></rss>')).toMatch(/is a feed .*feeds add/);
    expect(await failure('<!doctype html><html><body>hi</body></html>')).toMatch(
      /<html> \(an HTML page\), not <opml>/,
    );
    expect(await failure('<opml version="2.0"><body><outline text="x"></body></opml>')).toMatch(
      /^not OPML: XML is malformed at line 1/,
    );
    expect(await failure('<opml version="2.0"><head/></opml>')).toMatch(/no <body>/);
    expect(await failure('[{"url": ')).toMatch(/^not a feed list: the JSON is malformed/);
    expect(await failure('{"subscriptions": []}')).toMatch(/expected a JSON array of feeds/);
  });

  it("keeps the feed parser's limits: entity expansion and nesting", async () => {
    const entities = Array.from({ length: 20 }, (_, i) => `<!ENTITY e${i} "${'x'.repeat(4000)}">`).join('');
    const references = Array.from({ length: 400 }, (_, i) => `&e${i % 20};`).join('');
    expect(
      await failure(
        `<?xml version="1.0"?><!DOCTYPE opml [${entities}]><opml><body><outline text="${references}" xmlUrl="https://x.example.org/"/></body></opml>`,
      ),
    ).toMatch(/refused: .*entit/);
    expect(
      await failure(`<!DOCTYPE opml [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><opml><body/></opml>`),
    ).toMatch(/refused: .*expands other entities/);
    const deep = `<opml><body>${'<outline text="c">'.repeat(300)}${'</outline>'.repeat(300)}</body></opml>`;
    expect(await failure(deep)).toMatch(/refused: elements are nested more than 256 deep/);
    const many = `<opml><body>${'<outline xmlUrl="https://a.example.org/"/>'.repeat(20_001)}</body></opml>`;
    expect(await failure(many)).toMatch(/refused: the file has 20001 outlines, more than the 20000/);
  });
});
