import { alternateLinksInHeader, alternateLinksInHtml } from './alternate-links.js';

describe('the feeds a site announces', () => {
  it('reads <link rel="alternate"> of RSS, Atom and JSON Feed, resolved against <base>, in page order', () => {
    const html = `<!doctype html><html><head>
      <base href="https://news.example.org/en/">
      <link rel="stylesheet" href="/style.css">
      <LINK REL="alternate" TYPE="application/rss+xml" TITLE="World &amp; Asia" HREF="rss/world.xml?a=1&amp;b=2">
      <link rel='alternate' type='application/atom+xml' href='//news.example.org/atom.xml' title='Atom'>
      <link rel="alternate feed" type="application/feed+json" href="https://news.example.org/feed.json">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
      <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
      <link rel="alternate" hreflang="ru" href="https://news.example.org/ru/">
      <!-- <link rel="alternate" type="application/rss+xml" href="/commented-out.xml"> -->
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="rss/world.xml?a=1&b=2">
    </head><body></body></html>`;
    expect(alternateLinksInHtml(html, 'https://news.example.org/')).toEqual([
      {
        url: 'https://news.example.org/en/rss/world.xml?a=1&b=2',
        title: 'World & Asia',
        type: 'application/rss+xml',
      },
      { url: 'https://news.example.org/atom.xml', title: 'Atom', type: 'application/atom+xml' },
      { url: 'https://news.example.org/feed.json', title: null, type: 'application/feed+json' },
    ]);
  });

  it('reads the Link header (RFC 8288)', () => {
    const header =
      '<https://news.example.org/rss.xml>; rel="alternate"; type="application/rss+xml"; title="All news", ' +
      '</about>; rel="author", </atom>; rel=alternate; type=application/atom+xml';
    expect(alternateLinksInHeader(header, 'https://news.example.org/page')).toEqual([
      { url: 'https://news.example.org/rss.xml', title: 'All news', type: 'application/rss+xml' },
      { url: 'https://news.example.org/atom', title: null, type: 'application/atom+xml' },
    ]);
    expect(alternateLinksInHeader(null, 'https://news.example.org/')).toEqual([]);
  });

  it('reads large hostile pages and headers in one pass, and stops at 50 candidates', () => {
    const shapes = {
      'unclosed <link': '<link rel="alternate" '.repeat(200_000) + '<!--'.repeat(100_000),
      'one huge tag': `<link rel="alternate" type="application/rss+xml" title="${'x'.repeat(5_000_000)}" href="/a">`,
      'many feeds': Array.from(
        { length: 100_000 },
        (_, i) => `<link rel="alternate" type="application/rss+xml" href="/f${i}">`,
      ).join(''),
    };
    for (const [shape, page] of Object.entries(shapes)) {
      const started = process.hrtime.bigint();
      const found = alternateLinksInHtml(page, 'https://x.example.org/');
      // Printed, not asserted: tests never fail on time.
      console.log(
        `${shape} (${(page.length / 1e6).toFixed(1)} M chars): ${Number(process.hrtime.bigint() - started) / 1e6} ms`,
      );
      expect(found).toHaveLength(shape === 'many feeds' ? 50 : 0);
    }
    expect(alternateLinksInHeader('<'.repeat(16_384), 'https://x.example.org/')).toEqual([]);
  });
});
