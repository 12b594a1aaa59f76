/** RSS documents with many relevant items, for tests that need volume (scaling, outages). */

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * An RSS 2.0 feed of `count` items that name both Russia and China, an hour apart from `newest`
 * backwards, alternating in tone; links and guids are unique per `name`.
 */
export function relevantRss(name: string, count: number, newest = new Date('2025-05-08T12:00:00Z')): string {
  const items = Array.from({ length: count }, (_, i) => {
    const title =
      i % 2 === 0
        ? `Moscow and Beijing pledge deeper friendship and trade (${name} ${i})`
        : `Russia and China alliance threatens security, critics warn (${name} ${i})`;
    const link = `https://${name}.example.org/news/${i}`;
    return `    <item>
      <title>${escape(title)}</title>
      <link>${link}</link>
      <guid>${link}</guid>
      <pubDate>${new Date(newest.getTime() - i * 3_600_000).toUTCString()}</pubDate>
      <description>Officials in Moscow and Beijing discussed energy, sanctions and payments, item ${i}.</description>
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escape(name)}</title>
    <link>https://${name}.example.org/</link>
    <description>Russia and China</description>
${items.join('\n')}
  </channel>
</rss>
`;
}
