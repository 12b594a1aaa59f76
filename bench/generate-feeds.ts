import iconv from 'iconv-lite';
import { VOCABULARY, type FeedLanguage, type Vocabulary } from './feed-vocabulary.js';
import { Prng } from './prng.js';

/** One generated feed document, as a server would send it. */
export interface GeneratedFeed {
  /** Unique and path-safe, e.g. 'feed-017-ru.rss'. */
  name: string;
  format: 'rss' | 'atom';
  language: FeedLanguage;
  encoding: 'utf-8' | 'windows-1251' | 'gbk';
  /** The Content-Type header to serve it with (legacy charsets are sometimes only in the XML declaration). */
  contentType: string;
  bytes: Buffer;
  itemCount: number;
}

export interface GenerateOptions {
  feeds: number;
  seed?: number;
  itemsPerFeed?: { min: number; max: number };
}

// Items are dated backwards from here, so the same seed gives the same bytes whenever it runs.
const NEWEST = Date.UTC(2025, 4, 10, 12, 0, 0);

/** Realistic RSS 2.0 and Atom feeds in English, Russian and Chinese, some in windows-1251 or GBK. Deterministic. */
export function generateFeeds({
  feeds,
  seed = 20250510,
  itemsPerFeed = { min: 40, max: 60 },
}: GenerateOptions): GeneratedFeed[] {
  const rng = new Prng(seed);
  const wire = wireHeadlines(new Prng(seed + 1));
  return Array.from({ length: feeds }, (_, index) => generateFeed(rng, wire, index, itemsPerFeed));
}

type Headlines = Record<FeedLanguage, string[]>;

// Wire stories that several outlets carry under the same headline: syndication, which dedupe links into one story.
function wireHeadlines(rng: Prng): Headlines {
  const make = (language: FeedLanguage) =>
    Array.from({ length: 12 }, () => headline(rng, VOCABULARY[language]));
  return { en: make('en'), ru: make('ru'), zh: make('zh') };
}

function headline(rng: Prng, v: Vocabulary, [a, b] = twoActors(rng, v), topic = rng.pick(v.topics)): string {
  return rng.pick(v.headlines)(a, b, topic) + rng.pick(v.qualifiers)(rng.int(2, 240));
}

function generateFeed(
  rng: Prng,
  wire: Headlines,
  index: number,
  itemsPerFeed: { min: number; max: number },
): GeneratedFeed {
  const language = rng.pick<FeedLanguage>(['en', 'en', 'en', 'en', 'en', 'ru', 'ru', 'ru', 'zh', 'zh']);
  const format = rng.chance(0.6) ? 'rss' : 'atom';
  const legacy = language !== 'en' && rng.chance(0.4);
  const encoding = !legacy ? 'utf-8' : language === 'ru' ? 'windows-1251' : 'gbk';
  const outlet = rng.pick(VOCABULARY[language].outlets);
  const items = Array.from({ length: rng.int(itemsPerFeed.min, itemsPerFeed.max) }, (_, i) =>
    makeItem(rng, language, wire[language], outlet.host, index, i),
  );
  const text =
    format === 'rss'
      ? rssDocument(outlet, language, encoding, items)
      : atomDocument(outlet, language, encoding, items, index);
  const mime = format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
  const headerCharset = encoding === 'utf-8' || rng.chance(0.5);
  return {
    name: `feed-${String(index).padStart(3, '0')}-${language}.${format}`,
    format,
    language,
    encoding,
    contentType: headerCharset ? `${mime}; charset=${encoding}` : mime,
    bytes: encoding === 'utf-8' ? Buffer.from(text) : iconv.encode(text, encoding),
    itemCount: items.length,
  };
}

interface Item {
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

function makeItem(
  rng: Prng,
  language: FeedLanguage,
  wire: string[],
  host: string,
  feedIndex: number,
  itemIndex: number,
): Item {
  const v = VOCABULARY[language];
  const [a, b] = twoActors(rng, v);
  const topic = rng.pick(v.topics);
  const published = new Date(NEWEST - (itemIndex * 97 + rng.int(0, 90)) * 60_000);
  const day = published.toISOString().slice(0, 10).replace(/-/g, '/');
  const link = `https://${host}/${day}/${feedIndex}-${itemIndex}-${rng.int(1000, 9999)}?utm_source=rss&utm_medium=feed`;
  return {
    title: rng.chance(0.05) ? rng.pick(wire) : headline(rng, v, [a, b], topic),
    link,
    id: `${host}-${feedIndex}-${itemIndex}`,
    permalink: rng.chance(0.3),
    published,
    author: rng.pick(v.authors),
    categories: Array.from({ length: rng.int(1, 3) }, () => rng.pick(v.categories)),
    html: itemHtml(rng, v, a, b, topic, link),
    asCdata: rng.chance(0.5),
  };
}

function twoActors(rng: Prng, v: Vocabulary): [string, string] {
  const a = rng.pick(v.actors);
  let b = rng.pick(v.actors);
  while (b === a) b = rng.pick(v.actors);
  return [a, b];
}

function itemHtml(rng: Prng, v: Vocabulary, a: string, b: string, topic: string, link: string): string {
  const sentence = () => htmlEntities(rng.pick(v.sentences)(a, b, topic));
  const paragraphs = Array.from({ length: rng.int(2, 4) }, () => `<p>${sentence()} ${sentence()}</p>`);
  if (rng.chance(0.3))
    paragraphs.unshift(
      `<img src="${link.split('?')[0]}/photo.jpg" alt="${htmlEntities(topic)}" width="640">`,
    );
  if (rng.chance(0.4)) paragraphs.push(`<blockquote><em>${sentence()}</em></blockquote>`);
  paragraphs.push(`<p><a href="${link.replace(/&/g, '&amp;')}">${v.readMore}&nbsp;&raquo;</a></p>`);
  return paragraphs.join('\n');
}

// HTML named entities XML does not know, as CMS output carries them inside descriptions.
function htmlEntities(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/«/g, '&laquo;')
    .replace(/»/g, '&raquo;')
    .replace(/"/g, '&quot;')
    .replace(/—/g, '&mdash;');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Titles: escaped, with the dash as a numeric reference, as many English CMSs write it.
function titleXml(text: string): string {
  return escapeXml(text).replace(/—/g, '&#8212;');
}

function htmlXml(item: Item): string {
  return item.asCdata ? `<![CDATA[${item.html}]]>` : escapeXml(item.html);
}

function rfc822(date: Date, zone: Vocabulary['zone']): string {
  const local = new Date(date.getTime() + zone.minutes * 60_000);
  return local.toUTCString().replace('GMT', zone.label);
}

function declaration(encoding: string): string {
  return `<?xml version="1.0" encoding="${encoding === 'gbk' ? 'GBK' : encoding}"?>`;
}

function rssDocument(
  outlet: Vocabulary['outlets'][number],
  language: FeedLanguage,
  encoding: string,
  items: Item[],
): string {
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
    <lastBuildDate>${rfc822(items[0].published, zone)}</lastBuildDate>
    <ttl>30</ttl>
    <atom:link href="https://${outlet.host}/feed.rss" rel="self" type="application/rss+xml"/>
${entries.join('\n')}
  </channel>
</rss>
`;
}

function atomDocument(
  outlet: Vocabulary['outlets'][number],
  language: FeedLanguage,
  encoding: string,
  items: Item[],
  index: number,
): string {
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
  <updated>${items[0].published.toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}
