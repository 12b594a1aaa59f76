import { MAX_ENTITY_EXPANSION, MAX_ENTITY_REFERENCES, repairReferences } from './entities.js';
import { FeedParseError, parseFeedText } from './feed-parser.js';
import { inlineMarkupToCdata } from './inline-markup.js';
import { scanNamespaces } from './namespaces.js';
import { rootElementName } from './prepare-xml.js';
import { SUMMARY_LIMIT } from '../normalize/text-limits.js';

// Inputs at sizes where a scan that restarts from every opener would run for minutes. Nothing
// here asserts a duration: each parse must simply finish, with the good items or a clean error.
const MiB = 1 << 20;
const TIMEOUT = 60_000;
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length));
const goodItem = '<item><title>Talks in Beijing</title><link>https://example.com/1</link></item>';
const rss = (body: string, doctype = '') =>
  `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>Feed</title>${body}</channel></rss>`;

async function parseOutcome(xml: string): Promise<{ items: number } | { error: string }> {
  try {
    return { items: (await parseFeedText(xml)).items.length };
  } catch (error) {
    expect(error).toBeInstanceOf(FeedParseError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return { error: message };
  }
}

describe('unclosed openers are scanned once', () => {
  test(
    '1 MiB of <title> openings that never close: the pre-pass leaves them, the feed fails cleanly',
    async () => {
      const hostile = repeatTo('<title>', MiB);
      expect(inlineMarkupToCdata(goodItem + hostile)).toBe(goodItem + hostile);
      // 150,000 openings nest far deeper than any feed: refused before sax builds them.
      const outcome = await parseOutcome(rss(goodItem + hostile));
      expect(outcome).toEqual({
        error: expect.stringMatching(/^refused: elements are nested more than 256 deep/),
      });
    },
    TIMEOUT,
  );

  test(
    '1 MiB of unclosed <!-- before the root: the root is still found; the feed fails cleanly',
    async () => {
      expect(rootElementName(repeatTo('<!--', MiB) + '<rss>')).toBe('rss');
      expect(await parseOutcome(rss(goodItem + repeatTo('<!--', MiB)))).toEqual({
        error: expect.stringMatching(/^not a feed: XML is malformed/),
      });
    },
    TIMEOUT,
  );

  test(
    '1 MiB of unclosed <![CDATA[ in a description: references are still repaired around it',
    async () => {
      const hostile = repeatTo('<![CDATA[', MiB);
      expect(repairReferences(`&nbsp;${hostile}`, new Map())).toBe(`&#160;${hostile}`);
      const outcome = await parseOutcome(
        rss(`${goodItem}<item><description>${hostile}</description></item>`),
      );
      expect(outcome).toEqual({ error: expect.stringMatching(/^not a feed: XML is malformed/) });
    },
    TIMEOUT,
  );

  test(
    '1 MiB of <! and <? after the root: namespaces are read in one pass',
    () => {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom"></feed>${repeatTo('<!<?', MiB)}`;
      expect(scanNamespaces(xml).rootNamespace).toBe('http://www.w3.org/2005/Atom');
    },
    TIMEOUT,
  );

  test(
    'text elements nested in CDATA sections of another (each re-examined from inside): refused by name',
    async () => {
      const sections = 20_000;
      const hostile = `<title>${'<![CDATA[<title>]]>'.repeat(sections)}${'</title>'.repeat(sections + 1)}`;
      expect(hostile.length).toBeGreaterThan(0.5 * MiB);
      expect(await parseOutcome(rss(goodItem + hostile))).toEqual({
        error: expect.stringMatching(
          /^refused: CDATA sections nested in text elements would be examined more than/,
        ),
      });
    },
    TIMEOUT,
  );

  test('well-formed inline markup is still wrapped: many closed elements in a large feed', async () => {
    const items =
      '<item><title>t</title><description><p>Talks <b>in</b> Moscow</p></description></item>'.repeat(5000);
    expect(await parseOutcome(rss(items))).toEqual({ items: 5000 });
  });
});

describe('DOCTYPE entity expansion is bounded', () => {
  const doctype = (entities: Array<[string, string]>) =>
    `<!DOCTYPE rss [${entities.map(([name, value]) => `<!ENTITY ${name} "${value}">`).join('')}]>`;

  test(
    'wide: 64 entities of 4,096 characters, referenced from 1 MiB of text, is refused naming the cap',
    async () => {
      const entities = Array.from({ length: 64 }, (_, i): [string, string] => [`e${i}`, 'x'.repeat(4096)]);
      const references = repeatTo(entities.map(([name]) => `&${name};`).join(''), MiB);
      const outcome = await parseOutcome(
        rss(`${goodItem}<item><description>${references}</description></item>`, doctype(entities)),
      );
      expect(outcome).toEqual({
        error: `refused: the document's DOCTYPE entities expand to more than ${MAX_ENTITY_EXPANSION} characters (an entity-expansion attack)`,
      });
    },
    TIMEOUT,
  );

  test(
    'many references to a short entity are refused naming the reference cap',
    async () => {
      const outcome = await parseOutcome(
        rss(`<item><title>${repeatTo('&a;', MiB)}</title></item>`, doctype([['a', 'b']])),
      );
      expect(outcome).toEqual({
        error: `refused: the document refers to its DOCTYPE entities more than ${MAX_ENTITY_REFERENCES} times (an entity-expansion attack)`,
      });
    },
    TIMEOUT,
  );

  test(
    'billion laughs: 1 MiB of entities that each double the one before is refused at the first',
    async () => {
      let definitions = '<!ENTITY lol0 "lol">';
      for (let i = 1; definitions.length < MiB; i++)
        definitions += `<!ENTITY lol${i} "&lol${i - 1};&lol${i - 1};">`;
      const outcome = await parseOutcome(
        rss('<item><title>&lol40;</title></item>', `<!DOCTYPE rss [${definitions}]>`),
      );
      expect(outcome).toEqual({
        error: expect.stringMatching(/^refused: the DOCTYPE declares entity "lol1" that expands/),
      });
    },
    TIMEOUT,
  );

  test(
    '1 MiB of distinct entity definitions is refused as too many',
    async () => {
      let definitions = '';
      for (let i = 0; definitions.length < MiB; i++) definitions += `<!ENTITY e${i} "v">`;
      expect(await parseOutcome(rss(goodItem, `<!DOCTYPE rss [${definitions}]>`))).toEqual({
        error: 'refused: the DOCTYPE declares too many or too large entities',
      });
    },
    TIMEOUT,
  );

  test('a feed within the caps keeps its entities: 64 of 4,096 characters, each referenced twice', async () => {
    const entities = Array.from({ length: 64 }, (_, i): [string, string] => [
      `e${i}`,
      `${i}`.padEnd(4096, 'x'),
    ]);
    const twice = entities.map(([name]) => `&${name};&${name};`).join('');
    const doc = await parseFeedText(
      rss(`<item><title>t</title><description>${twice}</description></item>`, doctype(entities)),
    );
    // Every reference substituted (2 × 64 × 4,096 characters); the summary then keeps its first
    // SUMMARY_LIMIT.maxChars, as any long summary does.
    const expanded = entities.map(([, value]) => value + value).join('');
    expect(expanded).toHaveLength(2 * 64 * 4096);
    expect(doc.items[0].summary).toBe(expanded.slice(0, SUMMARY_LIMIT.maxChars));
  });
});

describe('markup inside an item is read in one pass through the whole parse', () => {
  test(
    "a description of 1 MiB of '<p' (escaped, as RSS carries HTML): the feed parses, its text capped",
    async () => {
      const description = repeatTo('&lt;p', MiB);
      const xml = rss(
        `<item><title>Markup storm</title><link>https://example.com/storm</link><description>${description}</description></item>${goodItem}`,
      );
      const document = await parseFeedText(xml);
      expect(document.items.map((item) => item.title)).toEqual(['Markup storm', 'Talks in Beijing']);
      expect((document.items[0].summary ?? '').length).toBeLessThanOrEqual(32_000);
    },
    TIMEOUT,
  );
});

describe('stray declarations are text, not declarations sax reads for ever', () => {
  test.each([
    ['<!A', '1 MiB of unclosed <!A'],
    ['<!<!', '1 MiB of <!<!'],
    ['<!ENTITY x "y">', '1 MiB of ENTITY declarations outside a DOCTYPE'],
  ])(
    '%s… after an item (%s): the item is kept',
    async (unit) => {
      const outcome = await parseOutcome(rss(goodItem + repeatTo(unit, MiB)));
      expect(outcome).toEqual({ items: 1 });
    },
    TIMEOUT,
  );
});
