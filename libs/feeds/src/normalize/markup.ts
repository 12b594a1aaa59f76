/**
 * The passes of HTML-to-text, each one scan from left to right. They replace regular expressions
 * that backtracked polynomially on markup that never closes (`<p<p<p…`, `<script<script…`): every
 * search here starts where the previous one of its kind stopped, so no text is rescanned per tag.
 * Each pass keeps the meaning of the expression it replaced, noted above it, for all input.
 */

/** Elements whose content is code, not text. */
const RAW_TEXT = new Set(['script', 'style', 'applet', 'object', 'embed', 'noscript', 'template']);
/** Elements that end a line or a block: they become a space, so words either side stay apart. */
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'hr',
]);
/** Longer than any name above: a longer word after `<` is no tag we look for. */
const LONGEST_NAME = 10;

/** `/<!--[\s\S]*?(-->|$)/g` → ' ': a comment, or an unterminated one to the end. */
export function replaceComments(html: string): string {
  const out: string[] = [];
  let from = 0;
  for (let open = html.indexOf('<!--'); open >= 0; open = html.indexOf('<!--', from)) {
    const close = html.indexOf('-->', open + 4);
    out.push(html.slice(from, open), ' ');
    from = close < 0 ? html.length : close + 3;
  }
  out.push(html.slice(from));
  return out.join('');
}

/** `/<(script|style|…)\b[\s\S]*?<\/\1\s*>/gi` → ' ': a code element with its content, when it is closed. */
export function replaceRawTextElements(html: string): string {
  const closing = new ClosingTags(html);
  const out: string[] = [];
  let from = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', open + 1)) {
    const name = tagName(html, open + 1);
    if (!RAW_TEXT.has(name)) continue;
    const end = closing.endAfter(name, open + 1 + name.length);
    if (end < 0) continue;
    out.push(html.slice(from, open), ' ');
    from = end;
    open = end - 1;
  }
  out.push(html.slice(from));
  return out.join('');
}

/** `/<(script|style)\b[\s\S]*$/gi` → ' ': a script or style left open hides everything after it. */
export function cutUnclosedScript(html: string): string {
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', open + 1)) {
    const name = tagName(html, open + 1);
    if (name === 'script' || name === 'style') return `${html.slice(0, open)} `;
  }
  return html;
}

/** `/<\/?(?:p|div|br|…)\b[^>]*>/gi` → ' ': block tags, opening or closing, up to the next `>`. */
export function replaceBlockTags(html: string): string {
  const out: string[] = [];
  let from = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', open + 1)) {
    const nameAt = html[open + 1] === '/' ? open + 2 : open + 1;
    const name = tagName(html, nameAt);
    if (!BLOCK.has(name)) continue;
    const close = html.indexOf('>', nameAt + name.length);
    // No `>` anywhere after this tag: no later tag can close either, so the scan is over.
    if (close < 0) break;
    out.push(html.slice(from, open), ' ');
    from = close + 1;
    open = close;
  }
  out.push(html.slice(from));
  return out.join('');
}

/**
 * The lower-cased ASCII word (`\w+`) starting at `at`, or '' when it is longer than any tag we look
 * for, which also stops a long word from being read once per `<` before it.
 */
function tagName(html: string, at: number): string {
  let end = at;
  while (end < html.length && end - at <= LONGEST_NAME && isWordChar(html.charCodeAt(end))) end++;
  return end - at > LONGEST_NAME ? '' : html.slice(at, end).toLowerCase();
}

function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f
  );
}

/**
 * Where the next `</name\s*>` ends, per element name. A search is repeated only once the scan has
 * passed the tag it found, and one that found none answers for the rest of the text.
 */
class ClosingTags {
  private readonly found = new Map<string, { start: number; end: number } | null>();

  constructor(private readonly html: string) {}

  /** The index just past the first closing tag of `name` at or after `from`, or -1. */
  endAfter(name: string, from: number): number {
    let tag = this.found.get(name);
    if (tag === undefined || (tag !== null && tag.start < from)) {
      const pattern = new RegExp(`</${name}\\s*>`, 'gi');
      pattern.lastIndex = from;
      const match = pattern.exec(this.html);
      tag = match ? { start: match.index, end: match.index + match[0].length } : null;
      this.found.set(name, tag);
    }
    return tag === null ? -1 : tag.end;
  }
}
