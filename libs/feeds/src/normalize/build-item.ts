import type { FeedItem } from '../feed-document.js';
import { attr, child, children, firstText, text, type XmlNode } from '../parse/xml-node.js';
import { itemDate } from './dates.js';
import { normalizeLanguage, languageFromScript } from './language.js';
import { alternateLink, elementUrl } from './links.js';
import { authorFromRss } from './rss-author.js';
import { readText } from './text-construct.js';
import {
  AUTHOR_LIMIT,
  CATEGORY_COUNT_LIMIT,
  CATEGORY_LIMIT,
  SUMMARY_LIMIT,
  TITLE_LIMIT,
  capText,
  cappedPlainText,
  prefix,
} from './text-limits.js';
import { canonicalUrl, resolveBase } from './url.js';

export interface ItemContext {
  atom: boolean;
  /** Base URL of the element holding the items (xml:base chain, else feed link, else document URL). */
  base: string | null;
  language: string | null;
  /** Atom entries without an author inherit the feed's. */
  feedAuthor: string | null;
}

/** Normalise one xml2js item/entry node; `fallback` is rss-parser's record for the same item. */
export function buildItem(node: XmlNode, fallback: Record<string, unknown>, ctx: ItemContext): FeedItem {
  const base = resolveBase(attr(node, 'xml:base'), ctx.base);
  const url = itemUrl(node, base) ?? elementUrl(asText(fallback.link), base);
  const title = readText(
    child(node, 'title', 'dc:title', 'atom:title', 'media:title'),
    ctx.atom,
    TITLE_LIMIT,
  );
  const summary = itemSummary(node, ctx.atom);
  const declared =
    normalizeLanguage(attr(node, 'xml:lang') ?? firstText(node, 'dc:language')?.value) ?? ctx.language;
  return {
    guid: itemGuid(node) ?? (asText(fallback.guid)?.trim() || null),
    url,
    canonicalUrl: canonicalUrl(url),
    title,
    summary,
    author: itemAuthor(node) ?? (ctx.atom ? ctx.feedAuthor : null),
    ...itemDate(node),
    categories: itemCategories(node),
    language: declared ?? languageFromScript([title, summary].filter(Boolean).join(' ')),
  };
}

function itemGuid(node: XmlNode): string | null {
  const id = firstText(node, 'guid', 'id', 'atom:id', 'dc:identifier')?.value.trim();
  return id || attr(node, 'rdf:about')?.trim() || null;
}

function itemUrl(node: XmlNode, base: string | null): string | null {
  const atomLink = alternateLink(node, ['link', 'atom:link']);
  if (atomLink) return elementUrl(atomLink, base);
  // RSS 2.0: a guid is the permalink unless isPermaLink="false".
  const guid = child(node, 'guid');
  if (
    guid !== undefined &&
    attr(guid, 'isPermaLink') !== 'false' &&
    /^https?:\/\//i.test(text(guid).trim())
  ) {
    return elementUrl(guid, base);
  }
  return null;
}

const SUMMARY = [
  'description',
  'summary',
  'dc:description',
  'atom:summary',
  'itunes:summary',
  'itunes:subtitle',
  'abstract',
];
const CONTENT = ['content:encoded', 'content', 'atom:content', 'xhtml:body', 'body', 'fullitem'];

function itemSummary(node: XmlNode, atom: boolean): string | null {
  for (const name of [...SUMMARY, ...CONTENT]) {
    for (const element of children(node, name)) {
      const value = readText(element, atom, SUMMARY_LIMIT);
      if (value) return value;
    }
  }
  const media = child(child(node, 'media:group'), 'media:description') ?? child(node, 'media:description');
  return readText(media, true, SUMMARY_LIMIT);
}

function itemAuthor(node: XmlNode): string | null {
  const person = child(node, 'author', 'atom:author');
  const name = firstText(person, 'name', 'atom:name')?.value;
  if (name) return cappedPlainText(name, AUTHOR_LIMIT);
  const raw = firstText(node, 'author', 'dc:creator', 'dc:author', 'itunes:author', 'dc:contributor')?.value;
  return raw ? capText(authorFromRss(prefix(raw.trim(), AUTHOR_LIMIT.maxRawChars)), AUTHOR_LIMIT) : null;
}

function itemCategories(node: XmlNode): string[] {
  const values = [
    ...children(node, 'category').map((c) => attr(c, 'term') ?? text(c)),
    ...children(node, 'atom:category').map((c) => attr(c, 'term') ?? ''),
    ...children(node, 'dc:subject').map((c) => text(c)),
  ];
  const cleaned = values
    .map((v) => cappedPlainText(v, CATEGORY_LIMIT))
    .filter((v): v is string => v !== null);
  return [...new Set(cleaned)].slice(0, CATEGORY_COUNT_LIMIT);
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
