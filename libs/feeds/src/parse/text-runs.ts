import { isXmlCharacter } from './doctype.js';
import { mapOutsideCdata } from './entities.js';
import { FeedParseError } from './feed-parse-error.js';
import { replaceMatches } from './scan.js';

/**
 * Text between tags that holds references, rewritten as the CDATA section with the same value.
 * sax appends every reference in text to the text node on its own (`textNode += …`), so a
 * description of three million `&lt;p` became millions of strings joined one by one: seconds of
 * CPU and hundreds of megabytes, past any heap budget. A CDATA section is read as one run. Runs by
 * references repairReferences already made regular: the five XML names and character references;
 * a run with anything else (or a reference to no XML character) is left for sax to judge. The
 * same pass refuses nesting and attribute counts no feed has (below).
 */
export function textReferencesToCdata(xml: string): string {
  const shape = new ElementShape();
  return mapOutsideCdata(xml, (chunk) => textRunsToCdata(chunk, shape));
}

/**
 * Limits no feed comes near, because sax and xml2js keep objects per open element, per element and
 * per attribute and the normaliser one per item: a million nested openings took 600 MB, a million
 * empty items 700 MB and 14 s, past any heap budget. Real feeds nest a dozen deep, give an element a
 * handful of attributes, and spend about 100 bytes of markup per element and over a kilobyte per
 * item: a 15 MiB feed has some 150,000 elements and attributes and 10,000 items.
 */
export const MAX_ELEMENT_DEPTH = 256;
export const MAX_ATTRIBUTES_PER_ELEMENT = 256;
/** sax reads an attribute value a character at a time (16 MiB of one took 4.6 s); a URL needs a few kilobytes. */
export const MAX_ATTRIBUTE_CHARS = 65_536;
export const MAX_MARKUP_NODES = 1_000_000;
export const MAX_ITEMS = 50_000;

/** Elements, attributes, items and depth, counted tag by tag over the whole document. */
class ElementShape {
  private depth = 0;
  private nodes = 0;
  private items = 0;

  /** Counts the tag `chunk[start, end)` (a '<' up to its '>') with its `attributes`. */
  count(chunk: string, start: number, end: number, attributes: number): void {
    const next = chunk[start + 1];
    if (next === '?' || next === '!') return;
    if (next === '/') {
      this.depth = Math.max(0, this.depth - 1);
      return;
    }
    if (attributes > MAX_ATTRIBUTES_PER_ELEMENT)
      refuse(`an element has more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes`);
    this.nodes += 1 + attributes;
    if (this.nodes > MAX_MARKUP_NODES)
      refuse(
        `the document has more than ${MAX_MARKUP_NODES.toLocaleString('en-US')} elements and attributes`,
      );
    if (isItem(chunk, start) && ++this.items > MAX_ITEMS)
      refuse(`the document has more than ${MAX_ITEMS.toLocaleString('en-US')} items`);
    if (chunk[end - 2] === '/') return;
    if (++this.depth > MAX_ELEMENT_DEPTH) refuse(`elements are nested more than ${MAX_ELEMENT_DEPTH} deep`);
  }
}

const TAG_NAME = /[^\s/>]+/y;

/** An RSS item or Atom entry, under any prefix. */
function isItem(chunk: string, start: number): boolean {
  TAG_NAME.lastIndex = start + 1;
  const name = TAG_NAME.exec(chunk)?.[0] ?? '';
  const local = name.slice(name.indexOf(':') + 1);
  return local === 'item' || local === 'entry';
}

function refuse(what: string): never {
  throw new FeedParseError(`refused: ${what} (crafted markup: no feed needs as many)`);
}

/** `chunk` starts outside any tag (at the document's start or just after a CDATA section or comment). */
function textRunsToCdata(chunk: string, shape: ElementShape): string {
  const out: string[] = [];
  let kept = 0;
  let nextAmpersand = chunk.indexOf('&');
  for (let at = 0; at < chunk.length;) {
    const tag = chunk.indexOf('<', at);
    const runEnd = tag < 0 ? chunk.length : tag;
    // Searched again only once passed, so each part of the chunk is searched once.
    if (nextAmpersand >= 0 && nextAmpersand < at) nextAmpersand = chunk.indexOf('&', at);
    if (nextAmpersand >= 0 && nextAmpersand < runEnd) {
      const cdata = runAsCdata(chunk.slice(at, runEnd));
      if (cdata !== null) {
        out.push(chunk.slice(kept, at), cdata);
        kept = runEnd;
      }
    }
    if (tag < 0) break;
    at = readTag(chunk, tag, shape);
  }
  if (out.length === 0) return chunk;
  out.push(chunk.slice(kept));
  return out.join('');
}

/** Just past the tag opening at `start` (`>` outside quotes, `?>` for an instruction), counted in `shape`. */
function readTag(chunk: string, start: number, shape: ElementShape): number {
  if (chunk.startsWith('<?', start)) {
    const end = chunk.indexOf('?>', start + 2);
    return end < 0 ? chunk.length : end + 2;
  }
  let quote = '';
  let valueStart = 0;
  let attributes = 0;
  for (let i = start + 1; i < chunk.length; i++) {
    const c = chunk[i];
    if (quote) {
      if (c !== quote) continue;
      quote = '';
      if (i - valueStart > MAX_ATTRIBUTE_CHARS)
        refuse(`an attribute value is longer than ${MAX_ATTRIBUTE_CHARS.toLocaleString('en-US')} characters`);
    } else if (c === '"' || c === "'") {
      quote = c;
      valueStart = i + 1;
    } else if (c === '=') attributes += 1;
    else if (c === '>') {
      shape.count(chunk, start, i + 1, attributes);
      return i + 1;
    }
  }
  return chunk.length;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A regular reference, or (the last alternative) an ampersand that starts none. */
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));|&/g;

/** The run's value as a CDATA section, or null when it holds a reference sax should judge. */
function runAsCdata(run: string): string | null {
  let irregular = false;
  const value = replaceMatches(run, REFERENCE, ([whole, name, decimal, hex]) => {
    if (name) return NAMED[name];
    const code = decimal ? Number(decimal) : hex ? parseInt(hex, 16) : -1;
    if (isXmlCharacter(code)) return String.fromCodePoint(code);
    irregular = true;
    return whole;
  });
  if (irregular) return null;
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
