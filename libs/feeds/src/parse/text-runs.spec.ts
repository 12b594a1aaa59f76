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
