import type { LensTerm } from '../lens.js';
import { normalizeText } from './normalize-text.js';

const HAN = /\p{Script=Han}/u;

// A letter of an alphabetic script, or a digit. Han, kana and Hangul are left out on purpose: Chinese text
// embeds Latin names without spaces ("出席SCO峰会", "普京与Xi"), and those must still count as whole words.
const WORD_CHAR = String.raw`(?:[^\P{L}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]|\p{N})`;

// Between the words of a multi-word term: any run of spaces, hyphens, dashes or quotes, so that
// "no limits partnership" also finds `"no-limits" partnership` and "Sino-Russian" finds "Sino–Russian".
const SEPARATOR = String.raw`[\s\-\u2010-\u2015"'\u2018\u2019\u201C\u201D\u201E\u00AB\u00BB]+`;
// "Stem plus any letters" of the alphabetic scripts. Deliberately not \p{L}: every Unicode property class in a
// pattern is compiled on its own, and \p{L} under the `i` flag is expensive (measured: the default lens took
// 650 ms to compile with \p{L} in every branch, 10 ms with this class and one boundary check).
const WILDCARD = String.raw`[\p{sc=Latin}\p{sc=Cyrillic}\p{sc=Greek}]*`;

// What a reader cannot see in an error message: format characters (zero-width space and joiners, word
// joiner, byte-order mark, soft hyphen), controls, and every space but the plain one.
const UNSEEN = /[\p{Cf}\p{Cc}\p{Z}]/gu;

/**
 * Why a lens term can never name anything, or null. Judged on the term as the matcher sees it
 * (normalizeText): zero-width characters vanish there and a full-width `＊` becomes `*`, so a term
 * made of those alone, or of spaces and punctuation, has nothing left to find.
 */
export function termProblem(term: string): string | null {
  return /[\p{L}\p{N}]/u.test(normalizeText(term))
    ? null
    : 'expected a term with at least one letter or digit';
}

/** A term as an error message shows it: what a reader cannot see, written as \u{…}. */
export function visibleTerm(term: string): string {
  return term.replace(UNSEEN, (char) =>
    char === ' ' ? char : `\\u{${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`,
  );
}

/** True when the term is matched as a substring (Han script has no word boundaries). */
export function isSubstringTerm(term: string): boolean {
  return HAN.test(term);
}

/**
 * The regular-expression source (for the `u` flag, case folding decided by the caller's flags) that finds
 * one lens term where it starts: `*` as "stem plus any letters" for alphabetic scripts, plain text for
 * Chinese, and never inside one of the term's exception phrases. Word boundaries for alphabetic terms are
 * the caller's: {@link endingAtWordEnd} and {@link startsInsideWord}.
 */
export function termPattern(lensTerm: LensTerm): string {
  const term = normalizeText(lensTerm.term);
  const guard = lensTerm.except
    .map((phrase) => exceptionGuard(term, phrase, lensTerm.caseSensitive))
    .join('');
  return guard + (isSubstringTerm(term) ? escapeRegExp(term) : wordBody(term));
}

/**
 * Makes an alternation of word terms stop at the end of a word. The start of the word is checked by
 * {@link startsInsideWord} after a match instead of by a lookbehind in the regex: a leading lookbehind
 * measured three times slower to scan with, and repeating it in every branch ten times slower to compile.
 */
export function endingAtWordEnd(alternation: string): string {
  return `(?:${alternation})(?!${WORD_CHAR})`;
}

const PRECEDED_BY_WORD_CHAR = new RegExp(`(?<=${WORD_CHAR})`, 'uy');

/** True when the character before `index` is a letter or digit, so a match there starts mid-word. */
export function startsInsideWord(text: string, index: number): boolean {
  PRECEDED_BY_WORD_CHAR.lastIndex = index;
  return PRECEDED_BY_WORD_CHAR.test(text);
}

function wordBody(term: string): string {
  return term
    .split(/[\s\-\u2010-\u2015]+/u)
    .map((word) => (word.endsWith('*') ? escapeRegExp(word.slice(0, -1)) + WILDCARD : escapeRegExp(word)))
    .join(SEPARATOR);
}

/**
 * A negative lookaround that fails where the text at the term's start is one of the term's occurrences inside
 * the exception phrase: for 俄 in 俄亥俄 (Ohio) both `(?!俄亥俄)` and `(?!(?<=俄亥)俄)` are needed.
 */
function exceptionGuard(term: string, exceptionPhrase: string, caseSensitive: boolean): string {
  const phrase = normalizeText(exceptionPhrase);
  const anchor = term.split('*')[0];
  const fold = (text: string) => (caseSensitive ? text : text.toLowerCase());
  const guards: string[] = [];
  for (
    let at = fold(phrase).indexOf(fold(anchor));
    at !== -1;
    at = fold(phrase).indexOf(fold(anchor), at + 1)
  ) {
    const before = escapeRegExp(phrase.slice(0, at));
    const rest = escapeRegExp(phrase.slice(at));
    guards.push(before === '' ? `(?!${rest})` : `(?!(?<=${before})${rest})`);
  }
  return guards.join('');
}

// Only the syntax characters: with the `u` flag, escaping anything else (such as "-") is itself an error.
function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
