import { decodeFeedBytes } from '../decode/charset.js';
import { FeedParseError } from '../parse/feed-parse-error.js';
import { scanNamespaces } from '../parse/namespaces.js';
import { prepareXmlDocument, rootElementName } from '../parse/prepare-xml.js';
import { parseXmlTree } from '../parse/run-rss-parser.js';
import { Occurrences } from '../parse/scan.js';
import { children, type XmlElement, type XmlNode } from '../parse/xml-node.js';
import type { FeedListEntry } from './feed-list-entry.js';

/**
 * More feeds than any reader's list holds (large ones have a few thousand): a file with more is
 * refused before the XML parser builds objects for them (a million outlines is hundreds of megabytes).
 */
export const MAX_OUTLINES = 20_000;

/** The attributes stancewatch writes on an outline (namespace NS.stancewatch, prefix `stancewatch:`). */
const OWN_ATTRIBUTES = ['outlet', 'country', 'language', 'kind'] as const;

/**
 * The feeds of an OPML 1.0, 1.1 or 2.0 subscription list as feed readers write it (Miniflux, FreshRSS,
 * Inoreader, Feedly, NetNewsWire, RSSOwl, Thunderbird): decoded like a feed (byte-order mark, the
 * declared charset such as ISO-8859-1), prepared like a feed (bare ampersands in URLs, HTML entities,
 * no DOCTYPE entities past the limits, no nesting or attribute counts past the limits) and read by the
 * same XML parser. A feed is an outline with an `xmlUrl` (any case); the outlines around it without one
 * are its categories. Readers' own namespaced attributes are ignored. Throws FeedParseError, with one
 * line, when the bytes are not OPML.
 */
export async function readOpml(bytes: Uint8Array, contentType?: string | null): Promise<FeedListEntry[]> {
  if (bytes.length === 0) throw new FeedParseError('not OPML: the file is empty');
  const { text } = decodeFeedBytes(bytes, contentType);
  const xml = prepareXmlDocument(text, { checkRoot: rejectNonOpmlRoot, feedTextElements: false });
  const outlines = new Occurrences(xml, /<outline[\s/>]/gi).count;
  if (outlines > MAX_OUTLINES) {
    throw new FeedParseError(
      `refused: the file has ${outlines} outlines, more than the ${MAX_OUTLINES} a feed list may have; split it`,
    );
  }
  const tree = await parseXmlTree(xml, scanNamespaces(xml), 'not OPML');
  const rootName = Object.keys(tree)[0];
  const body = children(tree[rootName], 'body')[0];
  if (body === undefined) throw new FeedParseError('not OPML: the <opml> element has no <body>');
  const entries: FeedListEntry[] = [];
  collectOutlines(body, [], entries);
  return entries;
}

function rejectNonOpmlRoot(xml: string): void {
  const root = rootElementName(xml);
  if (!root) throw new FeedParseError('not OPML: the document has no root element');
  if (/^opml$/i.test(root)) return;
  if (/^([\w.-]+:)?(rss|RDF|feed)$/i.test(root)) {
    throw new FeedParseError(
      `not OPML: the document is a feed (<${root}>), not a list of feeds; add it with \`stancewatch feeds add URL\``,
    );
  }
  const what = /^html$/i.test(root) ? ' (an HTML page)' : '';
  throw new FeedParseError(`not OPML: the document's root element is <${root}>${what}, not <opml>`);
}

function collectOutlines(parent: XmlNode, path: string[], out: FeedListEntry[]): void {
  for (const outline of children(parent, 'outline')) {
    const attributes = attributesOf(outline);
    const name = attributes.title || attributes.text || undefined;
    const url = attributes.xmlurl ?? '';
    if (url !== '' || /^(rss|atom)$/i.test(attributes.type ?? '')) {
      out.push(feedEntry(attributes, url, name, path));
      collectOutlines(outline, path, out);
    } else {
      collectOutlines(outline, name ? [...path, name] : path, out);
    }
  }
}

function feedEntry(
  attributes: Record<string, string>,
  url: string,
  name: string | undefined,
  path: string[],
): FeedListEntry {
  const ownMarks = OWN_ATTRIBUTES.some((key) => attributes[`stancewatch:${key}`] !== undefined);
  const entry: FeedListEntry = {
    url,
    // stancewatch writes `text` for every outline (OPML requires it) and `title` only for a feed that
    // has one, so its own outlines take the title from `title` alone: an untitled feed stays untitled.
    title: (ownMarks ? attributes.title : name) || undefined,
    siteUrl: attributes.htmlurl || undefined,
    category: path.length > 0 ? path.join(' / ') : categoryAttribute(attributes.category),
  };
  for (const key of OWN_ATTRIBUTES) {
    const value = attributes[`stancewatch:${key}`]?.trim();
    if (value) entry[key] = value;
  }
  if (url === '') entry.problem = `the outline "${name ?? '(untitled)'}" has type rss but no xmlUrl`;
  return entry;
}

/** Trimmed attributes by lower-case name: readers write `xmlUrl`, `xmlurl` and `XMLURL`. */
function attributesOf(node: XmlNode): Record<string, string> {
  const found: Record<string, string> = {};
  const raw = typeof node === 'string' ? undefined : (node as XmlElement).$;
  for (const [key, value] of Object.entries(raw ?? {})) {
    const colon = key.indexOf(':');
    const name =
      colon < 0 ? key.toLowerCase() : `${key.slice(0, colon)}:${key.slice(colon + 1).toLowerCase()}`;
    found[name] ??= value.trim();
  }
  return found;
}

/** OPML 2.0's `category`: comma-separated slash paths ("/News/Russia,/Wire"); the first is the outline's. */
function categoryAttribute(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]?.trim();
  if (!first) return undefined;
  const parts = first
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts.join(' / ') : undefined;
}
