import { plainText } from './text.js';

/**
 * RSS author is often "email (Name)", "Name (email)" or "Name <email>": keep the name when there is
 * one. Each form is read by a few index searches, keeping exactly what the regular expression noted
 * above it matched; those expressions backtracked polynomially (cubically for "(a@(a@(a@…"), so ten
 * 20 KB authors took seconds to minutes.
 */
export function authorFromRss(raw: string): string | null {
  const value = raw.trim();
  const name = nameAfterEmail(value) ?? nameBeforeEmail(value, '(', ')') ?? nameBeforeEmail(value, '<', '>');
  return plainText(name ?? value);
}

/**
 * `/^\S+@\S+\s*\((.+)\)$/`: an e-mail (the first word, with an `@` inside it) then a parenthesised
 * name running to the final `)`. Where several `(` would do, the expression took the rightmost one.
 */
function nameAfterEmail(value: string): string | null {
  const last = value.length - 1;
  if (value[last] !== ')') return null;
  const wordEnd = nextSpace(value, 0);
  const at = value.indexOf('@', 1);
  if (at < 0 || at > wordEnd - 2) return null;
  // The name (`.+`) holds at least one character and no line break.
  const fits = (open: number) => open > lastLineBreak(value) && open < last - 1;
  const afterWord = nextNonSpace(value, wordEnd);
  let open = afterWord < last && value[afterWord] === '(' && fits(afterWord) ? afterWord : -1;
  if (open < 0) {
    const inWord = value.lastIndexOf('(', Math.min(wordEnd - 1, last - 2));
    open = inWord >= at + 2 && fits(inWord) ? inWord : -1;
  }
  return open < 0 ? null : value.slice(open + 1, last);
}

/**
 * `/^(.+?)\s*\(\S+@\S+\)$/` (and the same with `<…>`): a name, then an e-mail in brackets at the
 * end. The e-mail holds no space, so its bracket is the first one after the last space (and not
 * the first character: the name holds at least one).
 */
function nameBeforeEmail(value: string, openChar: string, closeChar: string): string | null {
  const last = value.length - 1;
  if (value[last] !== closeChar) return null;
  const open = value.indexOf(openChar, Math.max(lastSpace(value) + 1, 1));
  // `\S+@\S+` between the brackets: at least one character either side of an `@`.
  if (open < 0 || value.lastIndexOf('@', last - 2) < open + 2) return null;
  let nameEnd = open;
  while (nameEnd > 0 && isSpace(value[nameEnd - 1])) nameEnd--;
  const lineBreak = nextLineBreak(value);
  if (lineBreak >= 0 && lineBreak < nameEnd) return null;
  return value.slice(0, nameEnd);
}

// `\s` and `.` as JavaScript's regular expressions define them.
const SPACE = /\s/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function isSpace(char: string): boolean {
  return SPACE.test(char);
}

function nextSpace(value: string, from: number): number {
  let i = from;
  while (i < value.length && !isSpace(value[i])) i++;
  return i;
}

function nextNonSpace(value: string, from: number): number {
  let i = from;
  while (i < value.length && isSpace(value[i])) i++;
  return i;
}

function lastSpace(value: string): number {
  let i = value.length - 1;
  while (i >= 0 && !isSpace(value[i])) i--;
  return i;
}

function nextLineBreak(value: string): number {
  return value.search(LINE_BREAK);
}

function lastLineBreak(value: string): number {
  let i = value.length - 1;
  while (i >= 0 && !LINE_BREAK.test(value[i])) i--;
  return i;
}
