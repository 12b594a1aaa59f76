import type { FeedDocument, FeedMeta } from '../feed-document.js';
import { NS } from '../parse/namespaces.js';
import type { RssParserResult } from '../parse/run-rss-parser.js';
import { attr, child, firstText, type XmlElement, type XmlNode } from '../parse/xml-node.js';
import { buildItem } from './build-item.js';
import { normalizeLanguage } from './language.js';
import { alternateLink, elementUrl } from './links.js';
import { readText } from './text-construct.js';
import { AUTHOR_LIMIT, TITLE_LIMIT, cappedPlainText } from './text-limits.js';
import { resolveBase } from './url.js';

export interface DocumentContext {
  rootNamespace: string;
  documentUrl: string | null;
  encoding: string;
}

/** Turn rss-parser's result (and the xml2js nodes behind it) into a FeedDocument. */
export function buildDocument(parsed: RssParserResult, ctx: DocumentContext): FeedDocument {
  const { tree, output, itemNodes } = parsed;
  const [rootName, root] = Object.entries(tree)[0] ?? ['', {} as XmlElement];
  const format = feedFormat(rootName, root, ctx.rootNamespace);
  const atom = format.startsWith('atom');
  const channel: XmlNode = atom ? root : (child(root, 'channel') ?? {});

  const rootBase = resolveBase(attr(root, 'xml:base'), ctx.documentUrl);
  const channelBase = atom ? rootBase : resolveBase(attr(channel, 'xml:base'), rootBase);
  const feedLink = feedLinkOf(channel, atom, channelBase) ?? elementUrl(output.link, channelBase);
  // Relative item links: an explicit xml:base or the document URL first, else the site's link.
  const explicitBase = attr(root, 'xml:base') ?? attr(channel, 'xml:base');
  const itemBase =
    explicitBase || ctx.documentUrl ? (rootName === 'rdf:RDF' ? rootBase : channelBase) : feedLink;
  const language = normalizeLanguage(
    attr(root, 'xml:lang') ??
      attr(channel, 'xml:lang') ??
      firstText(channel, 'language', 'dc:language')?.value,
  );

  const feed: FeedMeta = {
    title:
      readText(child(channel, 'title', 'dc:title', 'atom:title'), atom, TITLE_LIMIT) ??
      cappedPlainText(output.title, TITLE_LIMIT),
    link: feedLink,
    language,
    ttlMinutes: ttl(firstText(channel, 'ttl')?.value),
    encoding: ctx.encoding,
    format,
  };
  const feedAuthor = cappedPlainText(firstText(child(channel, 'author'), 'name')?.value, AUTHOR_LIMIT);
  const items = itemNodes.map((node, i) =>
    buildItem(node, (output.items[i] ?? {}) as Record<string, unknown>, {
      atom,
      base: itemBase,
      language,
      feedAuthor,
    }),
  );
  return { feed, items };
}

function feedFormat(rootName: string, root: XmlNode, rootNamespace: string): string {
  const version = attr(root, 'version') ?? '';
  if (rootName === 'feed') return rootNamespace === NS.atom03 || version === '0.3' ? 'atom0.3' : 'atom1.0';
  if (rootName === 'rdf:RDF')
    return rootNamespace === NS.rss090 || child(root, 'channel') === undefined ? 'rss0.90' : 'rss1.0';
  if (/^0\.9/.test(version)) return 'rss0.9x';
  return 'rss2.0';
}

function feedLinkOf(channel: XmlNode, atom: boolean, base: string | null): string | null {
  if (atom) return elementUrl(alternateLink(channel, ['link']), base);
  const link = firstText(channel, 'link');
  if (link) return elementUrl(link.element, base);
  return elementUrl(alternateLink(channel, ['atom:link']), base);
}

function ttl(value: string | undefined): number | null {
  const minutes = value ? Number.parseInt(value.trim(), 10) : NaN;
  return Number.isFinite(minutes) && minutes >= 0 ? minutes : null;
}
