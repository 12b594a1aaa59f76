import { parseFeedText } from './feed-parser.js';
import { textReferencesToCdata } from './text-runs.js';

describe('text with references is handed to sax as CDATA of the same value', () => {
  test('a run between tags becomes one CDATA section; tags, attributes and CDATA stay as they were', () => {
    expect(textReferencesToCdata('<d a="x>&amp;y">AT&amp;T &lt;b&gt; &#233;&#x4E2D;</d>')).toBe(
      '<d a="x>&amp;y"><![CDATA[AT&T <b> é中]]></d>',
    );
    expect(textReferencesToCdata('<d><![CDATA[&amp;]]> &amp; <!-- &amp; --></d>')).toBe(
      '<d><![CDATA[&amp;]]><![CDATA[ & ]]><!-- &amp; --></d>',
    );
    expect(textReferencesToCdata('<?pi a="&amp;"?><d>plain</d>')).toBe('<?pi a="&amp;"?><d>plain</d>');
  });

  test('a decoded "]]>" is split so the section still ends where the text does', () => {
    expect(textReferencesToCdata('<d>a ]]&gt; b</d>')).toBe('<d><![CDATA[a ]]]]><![CDATA[> b]]></d>');
  });

  test('a run with a reference sax must judge (no XML character, unknown name) is left to it', () => {
    for (const run of ['&#0;', '&#xD800;', '&nbsp;', 'a & b']) {
      expect(textReferencesToCdata(`<d>${run}</d>`)).toBe(`<d>${run}</d>`);
    }
  });

  test('titles, summaries and authors read the same as before: the value, not the references', async () => {
    const feed = await parseFeedText(
      `<rss version="2.0"><channel><title>A &amp; B</title><item><title>AT&amp;amp;T &lt;3 &#8212; ok</title>` +
        `<link>https://example.com/a?x=1&amp;y=2</link><author>ed@example.com (Ann &amp; Bo)</author>` +
        `<description>&lt;p&gt;Talks &amp;amp; trade&lt;/p&gt;</description></item></channel></rss>`,
    );
    expect(feed.feed.title).toBe('A & B');
    const [item] = feed.items;
    expect(item.title).toBe('AT&T <3 — ok'); // a title is plain text with its HTML entities decoded
    expect(item.url).toBe('https://example.com/a?x=1&y=2');
    expect(item.author).toBe('Ann & Bo');
    expect(item.summary).toBe('Talks & trade');
  });
});

describe('markup no feed has is refused before sax and xml2js build it', () => {
  const rss = (body: string) =>
    `<rss version="2.0"><channel><title>Feed</title><item><title>Talks</title>${body}</item></channel></rss>`;
  const refusal = async (xml: string) => {
    try {
      await parseFeedText(xml);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };

  test('nesting deeper than 256 elements, counted over the whole document', async () => {
    expect(await refusal(rss('<x>'.repeat(250) + '</x>'.repeat(250)))).toBeNull();
    expect(await refusal(rss('<x>'.repeat(300) + '</x>'.repeat(300)))).toMatch(
      /^refused: elements are nested more than 256 deep/,
    );
    // Self-closing elements and markup inside CDATA do not nest.
    expect(
      await refusal(rss('<x/>'.repeat(300) + `<description><![CDATA[${'<p>'.repeat(300)}]]></description>`)),
    ).toBeNull();
  });

  test('more than 256 attributes on one element', async () => {
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
    expect(await refusal(rss(`<x${attributes(200)}/>`))).toBeNull();
    expect(await refusal(rss(`<x${attributes(300)}/>`))).toMatch(
      /^refused: an element has more than 256 attributes/,
    );
  });

  test('an attribute value longer than 65,536 characters', async () => {
    expect(await refusal(rss(`<enclosure url="https://example.com/${'a'.repeat(60_000)}"/>`))).toBeNull();
    expect(await refusal(rss(`<enclosure url="https://example.com/${'a'.repeat(70_000)}"/>`))).toMatch(
      /^refused: an attribute value is longer than 65,536 characters/,
    );
  });

  test('more than a million elements and attributes, or more than 50,000 items', async () => {
    expect(await refusal(rss('<x/>'.repeat(1_000_001)))).toMatch(
      /^refused: the document has more than 1,000,000 elements and attributes/,
    );
    expect(await refusal(rss('</item><item>'.repeat(50_001)))).toMatch(
      /^refused: the document has more than 50,000 items/,
    );
    expect(await refusal(rss('</item><entry>'.repeat(10)))).not.toMatch(/^refused/);
  });
});
