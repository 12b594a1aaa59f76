import { decodeHTML } from 'entities';
import { authorFromRss } from './rss-author.js';
import { htmlToText, plainText } from './text.js';

/**
 * The linear scanners must mean exactly what the regular expressions they replaced meant. Those
 * expressions are kept here as the reference (harmless on short input) and both are run on many
 * short random strings built from the characters that matter to them.
 */
function oldHtmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  const withoutCode = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|applet|object|embed|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(script|style)\b[\s\S]*$/gi, ' ');
  const withoutTags = withoutCode
    .replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|section|article|hr)\b[^>]*>/gi, ' ')
    .replace(/<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>/g, '');
  const collapsed = decodeHTML(withoutTags)
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();
  return collapsed === '' ? null : collapsed;
}

function oldAuthorFromRss(raw: string): string | null {
  const value = raw.trim();
  const inParens = /^\S+@\S+\s*\((.+)\)$/.exec(value);
  if (inParens) return plainText(inParens[1]);
  const emailInParens = /^(.+?)\s*\(\S+@\S+\)$/.exec(value);
  if (emailInParens) return plainText(emailInParens[1]);
  const beforeAngle = /^(.+?)\s*<\S+@\S+>$/.exec(value);
  return plainText(beforeAngle ? beforeAngle[1] : value);
}

/** A small deterministic generator (mulberry32), so a failure names an input that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function strings(pieces: string[], count: number, maxPieces: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * (maxPieces + 1));
    return Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('');
  });
}

const HTML_PIECES = [
  '<',
  '>',
  '/',
  '!',
  '-',
  '?',
  ' ',
  '\n',
  'a',
  'x',
  '&amp;',
  '&',
  '<!--',
  '-->',
  '<p',
  '</p',
  '<P',
  '<br',
  'h1',
  'h7',
  '<div',
  '<pre',
  '<script',
  '</script',
  '</SCRIPT',
  '<style',
  '</style',
  'script',
  '<object',
  '</object',
  '<template',
  '</template ',
  '<b>',
  '</b>',
  '<a href="x">',
  '_',
  '1',
  'ſ',
];
const AUTHOR_PIECES = ['a', 'b', '@', '(', ')', '<', '>', ' ', '\t', '\n', '\u2028', '\u00a0', 'x@y', 'Name'];

describe('the linear normaliser means what the regular expressions meant', () => {
  test('htmlToText on 30,000 short random pieces of markup', () => {
    const differing = strings(HTML_PIECES, 30_000, 14, 15).filter((s) => htmlToText(s) !== oldHtmlToText(s));
    expect(differing.slice(0, 5)).toEqual([]);
  });

  test('authorFromRss on 30,000 short random authors', () => {
    const differing = strings(AUTHOR_PIECES, 30_000, 12, 15).filter(
      (s) => authorFromRss(s) !== oldAuthorFromRss(s),
    );
    expect(differing.slice(0, 5)).toEqual([]);
  });

  test.each([
    'editor@example.org (Anna Petrova)',
    'editor@example.org(Anna Petrova)',
    'Anna Petrova (editor@example.org)',
    'Anna Petrova <editor@example.org>',
    'Anna Petrova',
    'a@b (Name (Jr))',
    'a@b(c)(d)',
    'a@b (Name\nSecond)',
    'Name\n(a@b)',
  ])('author %j', (author) => {
    expect(authorFromRss(author)).toBe(oldAuthorFromRss(author));
  });
});
