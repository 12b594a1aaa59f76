import { stripDoctype } from './doctype.js';
import { mapOutsideCdata, repairReferences } from './entities.js';
import { FeedParseError } from './feed-parse-error.js';
import { inlineMarkupToCdata } from './inline-markup.js';
import { Occurrences, removeSpans, replaceMatches } from './scan.js';
import { textReferencesToCdata } from './text-runs.js';

// XML 1.0 forbids these control characters; feeds in the wild contain them.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Make decoded feed text safe and palatable for xml2js, which rejects malformed XML outright:
 * no BOM or garbage before the first tag, no DOCTYPE, only references XML knows, and inline
 * markup in text elements wrapped as CDATA. Newlines are kept so error line numbers match.
 */
export function prepareXml(text: string): string {
  return prepareXmlDocument(text, { checkRoot: rejectNonFeedRoot, feedTextElements: true });
}

export interface XmlVocabulary {
  /** Throws when the document's root element is not one the caller reads. */
  checkRoot(xml: string): void;
  /** Whether feeds' text elements (title, description, body …) may hold markup to keep as their text. */
  feedTextElements: boolean;
}

/**
 * The same preparation for another XML vocabulary (OPML, whose `<body>` holds elements, not text).
 * Every limit of the feed path (entities, DOCTYPE, nesting, attributes, markup nodes) holds the same.
 */
export function prepareXmlDocument(text: string, vocabulary: XmlVocabulary): string {
  if (text.trim() === '') throw new FeedParseError('empty document');
  const start = text.search(/<[?!A-Za-z]/);
  if (start < 0) throw new FeedParseError('not a feed: the document contains no XML markup');
  let xml = text.slice(0, start).replace(/[^\n]/g, '') + text.slice(start);
  xml = repairC1Controls(xml.replace(/\uFEFF/g, '')).replace(XML_FORBIDDEN_CHARACTERS, '');
  // An XML declaration anywhere but at the very start is a fatal error for sax.
  xml = xml.replace(/^(\s*)(<\?xml[^>]*\?>)/, (_, space: string) => space);
  // A truncated final end tag (`</rss` at end of file) is the commonest cheap repair.
  xml = xml.replace(/(<\/[\w.:-]+)\s*$/, '$1>');
  const { text: withoutDoctype, entities } = stripDoctype(xml);
  vocabulary.checkRoot(withoutDoctype);
  const regular = escapeStrayDeclarations(repairReferences(withoutDoctype, entities));
  return textReferencesToCdata(vocabulary.feedTextElements ? inlineMarkupToCdata(regular) : regular);
}

/** The name of the first element, skipping declarations, comments and processing instructions. */
export function rootElementName(xml: string): string | null {
  return /<([A-Za-z_][\w.:-]*)/.exec(withoutPrologMarkup(xml))?.[1] ?? null;
}

/**
 * What `xml.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>/g, '')` returns, in one pass:
 * that regex searched to the end of the document again from every unclosed `<!--`.
 */
function withoutPrologMarkup(xml: string): string {
  const commentEnds = new Occurrences(xml, '-->');
  const instructionEnds = new Occurrences(xml, '?>');
  const tagEnds = new Occurrences(xml, '>');
  return removeSpans(xml, '<', (at) => {
    if (xml.startsWith('<!--', at)) return commentEnds.endOfNext(at + 4);
    if (xml.startsWith('<?', at)) return instructionEnds.endOfNext(at + 2);
    if (xml[at + 1] === '!' && /[A-Za-z]/.test(xml.charAt(at + 2))) return tagEnds.endOfNext(at + 3);
    return -1;
  });
}

const FEED_ROOTS = /^([\w.-]+:)?(rss|RDF|feed|channel)$/i;

function rejectNonFeedRoot(xml: string): void {
  const root = rootElementName(xml);
  if (!root) throw new FeedParseError('not a feed: the document has no root element');
  if (FEED_ROOTS.test(root)) return;
  const what = /^html$/i.test(root) ? ' (an HTML page, not RSS or Atom)' : ', not <rss>, <rdf:RDF> or <feed>';
  throw new FeedParseError(`not a feed: the document's root element is <${root}>${what}`);
}

/**
 * C1 control characters (U+0080–U+009F) never belong in text; when they appear, the bytes were
 * windows-1252 punctuation (curly quotes, dashes) read as ISO-8859-1. Map them back.
 */
function repairC1Controls(text: string): string {
  return replaceMatches(text, /[\u0080-\u009F]/g, ([c]) => {
    const mapped = WINDOWS_1252_C1[c.charCodeAt(0) - 0x80];
    return mapped === ' ' ? '' : mapped;
  });
}
const WINDOWS_1252_C1 = '€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ';

/**
 * Outside CDATA and comments, well-formed XML (its DOCTYPE gone) has `<!` only to open a comment or a
 * CDATA section. Any other `<!` becomes text: sax reads such a declaration up to its `>` by growing
 * and upper-casing a string at every character, quadratic in its length (60 KB of `<!A` took 11 s).
 */
function escapeStrayDeclarations(xml: string): string {
  return mapOutsideCdata(xml, (chunk) => chunk.replace(/<!(?!--|\[CDATA\[|DOCTYPE)/gi, '&lt;!'));
}
