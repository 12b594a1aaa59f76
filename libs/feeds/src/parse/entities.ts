import { decodeHTML } from 'entities';
import { FeedParseError } from './feed-parse-error.js';
import { findSpans, Occurrences, replaceMatches } from './scan.js';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Each DOCTYPE entity is substituted once per reference, so a small document that refers to its
 * 64 entities of 4 KiB a few thousand times still grows by hundreds of megabytes. A feed needs
 * far less than this; one that asks for more is refused instead of holding a worker for seconds.
 */
export const MAX_ENTITY_EXPANSION = 1 << 20;
export const MAX_ENTITY_REFERENCES = 10_000;

/**
 * Make references XML can read, outside CDATA sections and comments:
 * - entities declared in the (removed) DOCTYPE are substituted once, within the limits above;
 * - HTML named entities XML does not define (&nbsp; &eacute; ...) become numeric references;
 * - unknown names and bare '&' that start no reference become '&amp;'.
 */
export function repairReferences(text: string, declared: ReadonlyMap<string, string>): string {
  const expand = declaredEntityExpander(declared);
  return mapOutsideCdata(text, (chunk) =>
    replaceMatches(chunk, REFERENCE, ([whole, name, numeric]) => {
      if (numeric) return whole;
      if (!name) return '&amp;';
      if (XML_ENTITIES.has(name)) return whole;
      const value = expand(name);
      if (value !== undefined) return escapeText(value);
      const decoded = decodeHTML(whole);
      if (decoded === whole) return `&amp;${name};`;
      return [...decoded].map((ch) => `&#${ch.codePointAt(0)};`).join('');
    }),
  );
}

/** A reference (named or numeric), or a bare '&' that starts none. */
const REFERENCE = /&(?:([A-Za-z_][\w.-]*);|(#[0-9]+;|#[xX][0-9A-Fa-f]+;))?/g;

/** The value of a declared entity, counted against the document's expansion limits. */
function declaredEntityExpander(declared: ReadonlyMap<string, string>): (name: string) => string | undefined {
  let references = 0;
  let characters = 0;
  return (name) => {
    const value = declared.get(name);
    if (value === undefined) return undefined;
    references += 1;
    characters += value.length;
    if (references > MAX_ENTITY_REFERENCES) {
      throw new FeedParseError(
        `refused: the document refers to its DOCTYPE entities more than ${MAX_ENTITY_REFERENCES} times (an entity-expansion attack)`,
      );
    }
    if (characters > MAX_ENTITY_EXPANSION) {
      throw new FeedParseError(
        `refused: the document's DOCTYPE entities expand to more than ${MAX_ENTITY_EXPANSION} characters (an entity-expansion attack)`,
      );
    }
    return value;
  };
}

/** Apply `fn` to the parts of `text` that are neither CDATA sections nor comments. */
export function mapOutsideCdata(text: string, fn: (chunk: string) => string): string {
  // One pass: a regex searching for the closer from each unclosed `<![CDATA[` or `<!--` would
  // rescan the rest of the document once per opener.
  const cdataEnds = new Occurrences(text, ']]>');
  const commentEnds = new Occurrences(text, '-->');
  const spanEnd = (at: number): number => {
    if (text.startsWith('<![CDATA[', at)) return cdataEnds.endOfNext(at + 9);
    if (text.startsWith('<!--', at)) return commentEnds.endOfNext(at + 4);
    return -1;
  };
  let out = '';
  let last = 0;
  for (const [start, end] of findSpans(text, '<!', spanEnd)) {
    out += fn(text.slice(last, start)) + text.slice(start, end);
    last = end;
  }
  return out + fn(text.slice(last));
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
