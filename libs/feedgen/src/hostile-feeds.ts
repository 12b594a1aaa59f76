import { VOCABULARY } from './feed-vocabulary.js';
import { feedBytes, type FeedItem } from './feed-xml.js';
import { Prng } from './prng.js';

/**
 * RSS 2.0 documents of a requested size in bytes (ASCII but for the C1 shape), each the shape of
 * an input that once made the parser quadratic or amplifying (issue 15), or valid XML that is costly
 * at scale (a character reference every few bytes). Each holds ordinary items (ORDINARY_TITLES)
 * beside its hostile part (relevant to the default lens, so a poll stores them), so a parser that
 * tolerates the shape still finds them.
 * Deterministic: the same size gives the same text.
 */
export type HostileFeed = (bytes: number) => string;

/** The titles of the ordinary items every hostile document carries. */
export const ORDINARY_TITLES = [
  'Putin and Xi discuss Russia-China trade in Beijing',
  'Russia and China sign a pipeline deal in Moscow',
] as const;

const ORDINARY_ITEMS = ORDINARY_TITLES.map(
  (title, i) =>
    `<item><title>${title}</title><link>https://hostile.example/news/${i + 1}</link>` +
    `<guid>https://hostile.example/news/${i + 1}</guid><pubDate>Sat, 10 May 2025 12:0${i}:00 GMT</pubDate>` +
    `<description>Ordinary item ${i + 1}.</description></item>\n`,
).join('');

const rss = (body: string, doctype = '') =>
  `<?xml version="1.0" encoding="utf-8"?>\n${doctype}` +
  '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>' +
  '<title>Hostile Feed</title><link>https://hostile.example/</link><description>hostile input</description>\n' +
  `${ORDINARY_ITEMS}${body}</channel></rss>\n`;

/** `unit` repeated so that `wrap` of the repetition is about `bytes` long (at least one unit). */
function filled(bytes: number, unit: string, wrap: (hostile: string) => string): string {
  const room = bytes - wrap('').length;
  return wrap(unit.repeat(Math.max(1, Math.ceil(room / unit.length))));
}

/** `<title>` openings that never close, after the items (the pre-pass once rescanned for each). */
export const unclosedTitlesFeed: HostileFeed = (bytes) => filled(bytes, '<title>', (h) => rss(h));

/** `<!--` openings that never close, after the items. */
export const unclosedCommentsFeed: HostileFeed = (bytes) => filled(bytes, '<!--', (h) => rss(h));

/** `<![CDATA[` openings that never close, in a description. */
export const unclosedCdataFeed: HostileFeed = (bytes) =>
  filled(bytes, '<![CDATA[', (h) =>
    rss(`<item><title>CDATA storm</title><description>${h}</description></item>`),
  );

/** A description of `&lt;p` repeated: escaped markup, read by the HTML-to-text stage. */
export const escapedMarkupFeed: HostileFeed = (bytes) =>
  filled(bytes, '&lt;p', (h) =>
    rss(`<item><title>Markup storm</title><description>${h}</description></item>`),
  );

/** A description of `&amp;` repeated: valid XML, one character reference every five bytes. */
export const manyReferencesFeed: HostileFeed = (bytes) =>
  filled(bytes, '&amp;', (h) =>
    rss(`<item><title>Reference storm</title><description>${h}</description></item>`),
  );

/** A description of `& ` repeated: ampersands that start no reference (repaired to `&amp;`). */
export const bareAmpersandsFeed: HostileFeed = (bytes) =>
  filled(bytes, '& ', (h) =>
    rss(`<item><title>Ampersand storm</title><description>${h}</description></item>`),
  );

/** A description of `&nbsp;` repeated: HTML entities XML does not know (made numeric references). */
export const htmlEntitiesFeed: HostileFeed = (bytes) =>
  filled(bytes, '&nbsp;', (h) =>
    rss(`<item><title>Entity names</title><description>${h}</description></item>`),
  );

/** A description of U+0085 repeated (two bytes each): C1 controls mapped back to windows-1252. */
export const c1ControlsFeed: HostileFeed = (bytes) =>
  filled(bytes / 2, '\u0085', (h) =>
    rss(`<item><title>Control storm</title><description>${h}</description></item>`),
  );

/** Empty elements `<x/>` repeated inside an item. */
export const emptyElementsFeed: HostileFeed = (bytes) =>
  filled(bytes, '<x/>', (h) => rss(`<item><title>Element storm</title>${h}</item>`));

/** A description of raw `<p` repeated inside one CDATA section. */
export const cdataMarkupFeed: HostileFeed = (bytes) =>
  filled(bytes, '<p', (h) =>
    rss(`<item><title>Markup storm</title><description><![CDATA[${h}]]></description></item>`),
  );

/** Ten items whose `<author>` or `<dc:creator>` is a tenth of the document: `(a@` repeated. */
export const longAuthorsFeed: HostileFeed = (bytes) => {
  const item = (i: number, value: string) => {
    const tag = i % 2 === 0 ? 'author' : 'dc:creator';
    return `<item><title>Byline ${i}</title><link>https://hostile.example/byline/${i}</link><${tag}>${value}</${tag}></item>\n`;
  };
  const author = filled(bytes / 10, '(a@', (h) => item(0, `a@b.example ${h})`));
  const value = author.slice(author.indexOf('>a@') + 1, author.indexOf('</author>'));
  return rss(Array.from({ length: 10 }, (_, i) => item(i, value)).join(''));
};

/** The most internal DOCTYPE entities the parser accepts, and the longest (libs/feeds parse/doctype.ts). */
export const HOSTILE_ENTITY_COUNT = 64;
export const HOSTILE_ENTITY_LENGTH = 4096;

/**
 * Entity amplification: internal DOCTYPE entities of 4,096 characters (up to 64, a quarter of the
 * document), referenced from a description filling the rest, each reference worth 4 KiB expanded.
 */
export const entityExpansionFeed: HostileFeed = (bytes) => {
  const count = Math.max(1, Math.min(HOSTILE_ENTITY_COUNT, Math.floor(bytes / 4 / HOSTILE_ENTITY_LENGTH)));
  const names = Array.from({ length: count }, (_, i) => `e${i}`);
  const doctype = `<!DOCTYPE rss [\n${names.map((name, i) => `<!ENTITY ${name} "${String(i).padEnd(HOSTILE_ENTITY_LENGTH, 'x')}">\n`).join('')}]>\n`;
  const references = names.map((name) => `&${name};`).join('');
  return filled(bytes, references, (h) =>
    rss(`<item><title>Entity storm</title><description>${h}</description></item>`, doctype),
  );
};

/** Close tags of elements never opened, `</a></b>` repeated inside an item. */
export const mismatchedClosesFeed: HostileFeed = (bytes) =>
  filled(bytes, '</a></b>', (h) => rss(`<item><title>Close storm</title>${h}</item>`));

/** Unknown elements nested as deep as the size allows inside an item, then closed in order. */
export const deepNestingFeed: HostileFeed = (bytes) => {
  const wrap = (depth: number) =>
    rss(`<item><title>Nesting storm</title>${'<x>'.repeat(depth)}deep${'</x>'.repeat(depth)}</item>`);
  return wrap(Math.max(1, Math.ceil((bytes - wrap(0).length) / 7)));
};

/** One enclosure whose `url` attribute is nearly the whole document. */
export const longAttributeFeed: HostileFeed = (bytes) =>
  filled(bytes, 'a', (h) =>
    rss(
      `<item><title>Attribute storm</title><enclosure url="https://hostile.example/${h}" type="audio/mpeg" length="1"/></item>`,
    ),
  );

/** Thousands of tiny items after the ordinary ones (the ingest caps them per poll; the parser sees all). */
export const manyItemsFeed: HostileFeed = (bytes) => {
  const item = (i: number) =>
    `<item><title>Item ${i}</title><link>https://hostile.example/i/${i}</link></item>\n`;
  const room = bytes - rss('').length;
  const items: string[] = [];
  for (let i = 0, used = 0; used < room; i++) {
    items.push(item(i));
    used += items[i].length;
  }
  return rss(items.join(''));
};

/**
 * The baseline: an ordinary RSS 2.0 feed of generated English news items (feed-xml.ts), with as
 * many items as bring it to about `bytes`.
 */
export function wellFormedFeed(bytes: number): string {
  const rng = new Prng(20251202);
  const v = VOCABULARY.en;
  const items: FeedItem[] = [];
  const text = () =>
    feedBytes({
      outlet: v.outlets[0],
      language: 'en',
      encoding: 'utf-8',
      format: 'rss',
      items,
      index: 0,
    }).toString();
  const newest = Date.UTC(2025, 4, 10, 12, 0, 0);
  const add = () => {
    const i = items.length;
    const [a, b] = [rng.pick(v.actors), rng.pick(v.actors)];
    const topic = rng.pick(v.topics);
    const link = `https://${v.outlets[0].host}/news/${i}`;
    items.push({
      title: rng.pick(v.headlines)(a, b, topic),
      link,
      id: `item-${i}`,
      permalink: i % 2 === 0,
      published: new Date(newest - i * 600_000),
      author: rng.pick(v.authors),
      categories: [rng.pick(v.categories)],
      html: `<p>${rng.pick(v.sentences)(a, b, topic)}</p><p>${rng.pick(v.sentences)(a, b, topic)}</p><p><a href="${link}">${v.readMore}</a></p>`,
      asCdata: i % 2 === 1,
    });
  };
  add();
  const one = text().length;
  while (items.length < 8) add();
  // Items are about the same length: as many as fill the rest, then one at a time if short.
  const perItem = (text().length - one) / 7;
  while (items.length < Math.round((bytes - one) / perItem) + 1) add();
  let current = text();
  while (current.length < bytes * 0.98) {
    add();
    current = text();
  }
  return current;
}

/** Every hostile shape, in the order the benchmark reports them. */
export const HOSTILE_FEEDS: ReadonlyArray<{ id: string; label: string; generate: HostileFeed }> = [
  { id: 'unclosed-title', label: 'unclosed `<title>` openings', generate: unclosedTitlesFeed },
  { id: 'unclosed-comment', label: 'unclosed `<!--`', generate: unclosedCommentsFeed },
  { id: 'unclosed-cdata', label: 'unclosed `<![CDATA[` in a description', generate: unclosedCdataFeed },
  { id: 'escaped-markup', label: 'description of `&lt;p` (escaped markup)', generate: escapedMarkupFeed },
  { id: 'many-references', label: 'description of `&amp;` (ordinary escapes)', generate: manyReferencesFeed },
  {
    id: 'bare-ampersands',
    label: 'description of `& ` (ampersands starting no reference)',
    generate: bareAmpersandsFeed,
  },
  { id: 'html-entities', label: 'description of `&nbsp;` (HTML entities)', generate: htmlEntitiesFeed },
  { id: 'c1-controls', label: 'description of U+0085 (C1 controls)', generate: c1ControlsFeed },
  { id: 'cdata-markup', label: 'description of raw `<p` in CDATA', generate: cdataMarkupFeed },
  { id: 'long-authors', label: 'ten long `<author>`/`<dc:creator>` of `(a@`', generate: longAuthorsFeed },
  {
    id: 'entity-expansion',
    label: 'DOCTYPE entities of 4,096 chars, referenced throughout',
    generate: entityExpansionFeed,
  },
  { id: 'mismatched-closes', label: '`</a></b>` close tags never opened', generate: mismatchedClosesFeed },
  { id: 'deep-nesting', label: 'unknown elements nested deep', generate: deepNestingFeed },
  { id: 'long-attribute', label: 'one enclosure `url` attribute', generate: longAttributeFeed },
  { id: 'empty-elements', label: 'empty elements `<x/>` in an item', generate: emptyElementsFeed },
  { id: 'many-items', label: 'thousands of tiny items', generate: manyItemsFeed },
];
