import Parser from 'rss-parser';
import rssParserUtils from 'rss-parser/lib/utils.js';
import { FeedParseError } from './feed-parse-error.js';
import type { NamespaceInfo } from './namespaces.js';
import type { XmlElement, XmlNode } from './xml-node.js';

export interface RssParserResult {
  /** rss-parser's own output. */
  output: Parser.Output<Record<string, unknown>>;
  /** The xml2js tree rss-parser built its output from (root name → element). */
  tree: Record<string, XmlElement>;
  /** The xml2js node of each item, in output order. */
  itemNodes: XmlNode[];
}

// rss-parser computes a `contentSnippet` of every description and content with regular expressions
// whose backtracking is quadratic in the text (80 KB of `<p` took seconds, a megabyte many minutes).
// Nothing here reads the snippet (the normaliser makes its own text in one pass), so rss-parser gets
// an empty one. Its utils are looked up at each call, so replacing the function is enough.
rssParserUtils.getSnippet = () => '';

interface ParserInternals {
  xmlParser: { parseString(xml: string, cb: (err: unknown, result: unknown) => void): void };
  parseItemAtom(entry: XmlNode): Record<string, unknown>;
  parseItemRss(item: XmlNode, fields: unknown): Record<string, unknown>;
}

/**
 * Parse prepared XML with rss-parser (xml2js underneath). rss-parser recognises the format and
 * builds its items; we also keep the xml2js nodes it read, because its output drops what the
 * normaliser needs (attributes such as xml:base, type and rel; Atom 0.3 and Dublin Core dates).
 */
export async function runRssParser(xml: string, namespaces: NamespaceInfo): Promise<RssParserResult> {
  const rename = (name: string) => namespaces.rename(name);
  const parser = new Parser({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [rename], attrNameProcessors: [rename] },
  });
  const internals = parser as unknown as ParserInternals;
  let tree: Record<string, XmlElement> = {};
  const itemNodes: XmlNode[] = [];

  const xmlParser = internals.xmlParser;
  const parseXml = xmlParser.parseString.bind(xmlParser);
  xmlParser.parseString = (text, cb) =>
    parseXml(text, (err, result) => {
      if (result && typeof result === 'object') tree = result as Record<string, XmlElement>;
      cb(err, result);
    });
  // rss-parser turns Atom dates into ISO strings with `new Date(x).toISOString()`, which throws
  // on an unparseable date and would lose the whole feed; the normaliser parses dates itself.
  const parseAtom = internals.parseItemAtom.bind(parser);
  internals.parseItemAtom = (entry) => {
    itemNodes.push(entry);
    return safely(() => parseAtom(entry));
  };
  const parseRss = internals.parseItemRss.bind(parser);
  internals.parseItemRss = (item, fields) => {
    itemNodes.push(item);
    return safely(() => parseRss(item, fields));
  };

  try {
    const output = await parser.parseString(xml);
    return { output, tree, itemNodes };
  } catch (error) {
    throw toFeedParseError(error);
  }
}

/**
 * The xml2js tree of prepared XML in another vocabulary (OPML), read by the same parser and options
 * as feeds (rss-parser's xml2js), so no second XML parser reads untrusted text. `what` starts its
 * errors ("not OPML" → "not OPML: XML is malformed at line 3 …").
 */
export function parseXmlTree(
  xml: string,
  namespaces: NamespaceInfo,
  what: string,
): Promise<Record<string, XmlElement>> {
  const rename = (name: string) => namespaces.rename(name);
  const parser = new Parser({ xml2js: { tagNameProcessors: [rename], attrNameProcessors: [rename] } });
  const { xmlParser } = parser as unknown as ParserInternals;
  return new Promise((resolve, reject) => {
    try {
      xmlParser.parseString(xml, (err, result) => {
        if (err) reject(toFeedParseError(err, what));
        else if (!result || typeof result !== 'object')
          reject(new FeedParseError(`${what}: the document has no root element`));
        else resolve(result as Record<string, XmlElement>);
      });
    } catch (error) {
      reject(toFeedParseError(error, what));
    }
  });
}

function safely(build: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return build();
  } catch {
    return {};
  }
}

function toFeedParseError(error: unknown, notWhat = 'not a feed'): FeedParseError {
  const message = error instanceof Error ? error.message : String(error);
  const sax = /^([^\n]*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (sax) {
    const what = sax[1].charAt(0).toLowerCase() + sax[1].slice(1);
    return new FeedParseError(
      `${notWhat}: XML is malformed at line ${Number(sax[2]) + 1}, column ${sax[3]}: ${what}`,
    );
  }
  if (/not recognized/i.test(message)) {
    return new FeedParseError('not a feed: the root element is not <rss>, <rdf:RDF> or <feed>');
  }
  return new FeedParseError(`${notWhat}: ${message.split('\n')[0]}`);
}
