import {
  VOCABULARY,
  type FeedLanguage,
  type Vocabulary,
  feedBytes,
  feedMimeType,
  htmlEntities,
  type FeedEncoding,
  type FeedItem,
  Prng,
} from '../libs/feedgen/src/index.js';

/** One generated feed document, as a server would send it. */
export interface GeneratedFeed {
  /** Unique and path-safe, e.g. 'feed-017-ru.rss'. */
  name: string;
  format: 'rss' | 'atom';
  language: FeedLanguage;
  encoding: FeedEncoding;
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
  const encoding: FeedEncoding = !legacy ? 'utf-8' : language === 'ru' ? 'windows-1251' : 'gbk';
  const outlet = rng.pick(VOCABULARY[language].outlets);
  const items = Array.from({ length: rng.int(itemsPerFeed.min, itemsPerFeed.max) }, (_, i) =>
    makeItem(rng, language, wire[language], outlet.host, index, i),
  );
  const mime = feedMimeType(format);
  const headerCharset = encoding === 'utf-8' || rng.chance(0.5);
  return {
    name: `feed-${String(index).padStart(3, '0')}-${language}.${format}`,
    format,
    language,
    encoding,
    contentType: headerCharset ? `${mime}; charset=${encoding}` : mime,
    bytes: feedBytes({ outlet, language, encoding, format, items, index }),
    itemCount: items.length,
  };
}

function makeItem(
  rng: Prng,
  language: FeedLanguage,
  wire: string[],
  host: string,
  feedIndex: number,
  itemIndex: number,
): FeedItem {
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
