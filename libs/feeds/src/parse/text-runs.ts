import { isXmlCharacter } from './doctype.js';
import { mapOutsideCdata } from './entities.js';
import { replaceMatches } from './scan.js';

/**
 * Text between tags that holds references, rewritten as the CDATA section with the same value.
 * sax appends every reference in text to the text node on its own (`textNode += …`), so a
 * description of three million `&lt;p` became millions of strings joined one by one: seconds of
 * CPU and hundreds of megabytes, past any heap budget. A CDATA section is read as one run. Runs by
 * references repairReferences already made regular: the five XML names and character references;
 * a run with anything else (or a reference to no XML character) is left for sax to judge.
 */
export function textReferencesToCdata(xml: string): string {
  return mapOutsideCdata(xml, textRunsToCdata);
}

/** `chunk` starts outside any tag (at the document's start or just after a CDATA section or comment). */
function textRunsToCdata(chunk: string): string {
  if (!chunk.includes('&')) return chunk;
  const out: string[] = [];
  let kept = 0;
  let nextAmpersand = -1;
  for (let at = 0; at < chunk.length;) {
    const tag = chunk.indexOf('<', at);
    const runEnd = tag < 0 ? chunk.length : tag;
    // Searched again only once passed, so each part of the chunk is searched once.
    if (nextAmpersand < at) nextAmpersand = chunk.indexOf('&', at);
    if (nextAmpersand < 0) break;
    if (nextAmpersand < runEnd) {
      const cdata = runAsCdata(chunk.slice(at, runEnd));
      if (cdata !== null) {
        out.push(chunk.slice(kept, at), cdata);
        kept = runEnd;
      }
    }
    if (tag < 0) break;
    at = tagEnd(chunk, tag);
  }
  if (out.length === 0) return chunk;
  out.push(chunk.slice(kept));
  return out.join('');
}

/** Just past the tag, declaration or processing instruction opening at `start`: `>` outside quotes. */
function tagEnd(chunk: string, start: number): number {
  if (chunk.startsWith('<?', start)) {
    const end = chunk.indexOf('?>', start + 2);
    return end < 0 ? chunk.length : end + 2;
  }
  let quote = '';
  for (let i = start + 1; i < chunk.length; i++) {
    const c = chunk[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
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
