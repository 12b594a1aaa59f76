import iconv from 'iconv-lite';
import { VOCABULARY, type FeedLanguage, type Vocabulary } from './feed-vocabulary.js';

export type FeedEncoding = 'utf-8' | 'windows-1251' | 'gbk';

/** An outlet as a feed names it. */
export interface FeedOutlet {
  name: string;
  host: string;
}

/** One item of a generated feed. */
export interface FeedItem {
  title: string;
  link: string;
  id: string;
  permalink: boolean;
  published: Date;
  author: string;
  categories: string[];
  /** HTML, with the entities and markup real feeds carry. */
  html: string;
  asCdata: boolean;
}

export interface FeedDocumentSpec {
  outlet: FeedOutlet;
  language: FeedLanguage;
  encoding: FeedEncoding;
  format: 'rss' | 'atom';
  /** Newest first. */
  items: FeedItem[];
  /** Distinguishes the feeds of one host in Atom ids and self links. */
  index: number;
  /** When the feed says it was last built; defaults to the newest item's time. */
  updated?: Date;
}

/** The feed as a server sends it: the XML text in its declared encoding. */
export function feedBytes(spec: FeedDocumentSpec): Buffer {
  const text = spec.format === 'rss' ? rssDocument(spec) : atomDocument(spec);
  return spec.encoding === 'utf-8' ? Buffer.from(text) : iconv.encode(text, spec.encoding);
}

export function feedMimeType(format: 'rss' | 'atom'): string {
  return format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
}

// HTML named entities XML does not know, as CMS output carries them inside descriptions.
export function htmlEntities(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/«/g, '&laquo;')
    .replace(/»/g, '&raquo;')
    .replace(/"/g, '&quot;')
    .replace(/—/g, '&mdash;');
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Titles: escaped, with the dash as a numeric reference, as many English CMSs write it.
function titleXml(text: string): string {
  return escapeXml(text).replace(/—/g, '&#8212;');
}

function htmlXml(item: FeedItem): string {
  return item.asCdata ? `<![CDATA[${item.html}]]>` : escapeXml(item.html);
}

function rfc822(date: Date, zone: Vocabulary['zone']): string {
  const local = new Date(date.getTime() + zone.minutes * 60_000);
  return local.toUTCString().replace('GMT', zone.label);
}

function declaration(encoding: string): string {
  return `<?xml version="1.0" encoding="${encoding === 'gbk' ? 'GBK' : encoding}"?>`;
}

function rssDocument({ outlet, language, encoding, items, updated }: FeedDocumentSpec): string {
  const zone = VOCABULARY[language].zone;
  const entries = items.map(
    (item) => `    <item>
      <title>${titleXml(item.title)}</title>
      <link>${escapeXml(item.link)}</link>
      <guid isPermaLink="${item.permalink}">${escapeXml(item.permalink ? item.link : item.id)}</guid>
      <pubDate>${rfc822(item.published, zone)}</pubDate>
      <dc:creator>${escapeXml(item.author)}</dc:creator>
${item.categories.map((c) => `      <category>${escapeXml(c)}</category>`).join('\n')}
      <description>${htmlXml(item)}</description>
    </item>`,
  );
  return `${declaration(encoding)}
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(outlet.name)}</title>
    <link>https://${outlet.host}/</link>
    <description>${escapeXml(outlet.name)}: Russia &amp; China</description>
    <language>${language}</language>
    <lastBuildDate>${rfc822(updated ?? items[0].published, zone)}</lastBuildDate>
    <ttl>30</ttl>
    <atom:link href="https://${outlet.host}/feed.rss" rel="self" type="application/rss+xml"/>
${entries.join('\n')}
  </channel>
</rss>
`;
}

function atomDocument({ outlet, language, encoding, items, index, updated }: FeedDocumentSpec): string {
  const entries = items.map(
    (item) => `  <entry>
    <title type="html">${titleXml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(item.link)}"/>
    <id>tag:${outlet.host},2025:${item.id}</id>
    <published>${item.published.toISOString()}</published>
    <updated>${new Date(item.published.getTime() + 600_000).toISOString()}</updated>
    <author><name>${escapeXml(item.author)}</name></author>
${item.categories.map((c) => `    <category term="${escapeXml(c)}"/>`).join('\n')}
    <summary type="html">${htmlXml(item)}</summary>
  </entry>`,
  );
  return `${declaration(encoding)}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">
  <title>${escapeXml(outlet.name)}</title>
  <link rel="alternate" href="https://${outlet.host}/"/>
  <link rel="self" href="https://${outlet.host}/atom-${index}.xml"/>
  <id>tag:${outlet.host},2025:feed-${index}</id>
  <updated>${(updated ?? items[0].published).toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}
