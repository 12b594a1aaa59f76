import { Occurrences, removeSpans } from './scan.js';

/**
 * Feeds choose their own namespace prefixes (`<atom:feed>`, `<rss:item>`, `<dublin:date>`);
 * xml2js keeps names as written. We rename known namespaces to one canonical prefix so the
 * rest of the code (and rss-parser's root detection) can look elements up by name.
 * Prefixes are collected from every xmlns declaration in the document: feeds rarely reuse a
 * prefix for two namespaces.
 */
export const NS = {
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  /** stancewatch's own attributes on OPML outlines (outlet, country, language, kind). */
  stancewatch: 'https://stancewatch.dev/ns/opml/1',
} as const;

const CANONICAL: Record<string, string> = {
  [NS.rdf]: 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  [NS.stancewatch]: 'stancewatch',
};

/** Namespaces that are "the feed's own" and therefore unprefixed. */
const FEED_OWN = new Set<string>([
  NS.atom10,
  NS.atom03,
  NS.rss10,
  NS.rss090,
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss',
]);

export interface NamespaceInfo {
  /** The namespace URI of the root element ('' when none). */
  rootNamespace: string;
  /** Rename one element or attribute name. */
  rename(name: string): string;
}

export function scanNamespaces(xml: string): NamespaceInfo {
  const prefixes = new Map<string, string>();
  let defaultNs = '';
  for (const m of xml.matchAll(/\sxmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)) {
    const [, prefix, uri] = m;
    if (prefix === undefined) {
      defaultNs ||= uri.trim();
    } else if (!prefixes.has(prefix)) {
      prefixes.set(prefix, uri.trim());
    }
  }
  const root = /<([\w.-]+(?::[\w.-]+)?)[\s/>]/.exec(withoutDeclarations(xml));
  const rootPrefix = root?.[1].includes(':') ? root[1].split(':')[0] : null;
  const rootNamespace = rootPrefix ? (prefixes.get(rootPrefix) ?? '') : defaultNs;
  const ownIsAtom = rootNamespace === NS.atom10 || rootNamespace === NS.atom03;

  const targetOf = (uri: string): string | null => {
    if (FEED_OWN.has(uri)) return uri === NS.atom10 && !ownIsAtom ? 'atom' : '';
    return CANONICAL[uri] ?? null;
  };
  const rename = (name: string): string => {
    const colon = name.indexOf(':');
    if (colon < 0 || name.startsWith('xmlns')) return name;
    const prefix = name.slice(0, colon);
    const uri = prefixes.get(prefix);
    if (uri === undefined) return name;
    const target = targetOf(uri);
    if (target === null) return name;
    const local = name.slice(colon + 1);
    return target ? `${target}:${local}` : local;
  };
  return { rootNamespace, rename };
}

/**
 * What `xml.replace(/<[?!][\s\S]*?>/g, '')` returns, in one pass: that regex searched to the end
 * of the document again from every `<!` or `<?` after the last `>`.
 */
function withoutDeclarations(xml: string): string {
  const tagEnds = new Occurrences(xml, '>');
  return removeSpans(xml, '<', (at) => (/[?!]/.test(xml.charAt(at + 1)) ? tagEnds.endOfNext(at + 2) : -1));
}
