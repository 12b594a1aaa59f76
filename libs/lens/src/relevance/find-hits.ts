import { startsInsideWord } from './term-pattern.js';

export type TermGroup = 'sideA' | 'sideB' | 'bilateral';

export interface CompiledTerm {
  term: string;
  group: TermGroup;
}

export interface Matcher {
  regex: RegExp;
  /** Whole-word terms: a match must not start right after a letter or digit. */
  wholeWords: boolean;
  /** terms[i] is the term whose pattern is capture group i + 1. */
  terms: CompiledTerm[];
}

export interface Hit {
  start: number;
  end: number;
  term: CompiledTerm;
}

/**
 * Every occurrence of the matcher's terms in `text`, left to right. Reuses the matcher's global regex
 * (matching is synchronous, so no caller can interleave) instead of matchAll, which clones it for every
 * text. Each turn of the loop moves forward: a global regex that matches empty text leaves `lastIndex`
 * where it was, and the scan would never end.
 */
export function findHits(matcher: Matcher, text: string): Hit[] {
  const hits: Hit[] = [];
  const { regex } = matcher;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    // Lenses refuse terms that can match empty text; should one get through, an empty match names nothing.
    if (match[0] === '') {
      regex.lastIndex = nextCharacter(text, match.index);
      continue;
    }
    if (matcher.wholeWords && startsInsideWord(text, match.index)) {
      // Every branch starting here starts mid-word too; look again from the next character.
      regex.lastIndex = nextCharacter(text, match.index);
      continue;
    }
    const group = match.findIndex((captured, i) => i > 0 && captured !== undefined);
    hits.push({ start: match.index, end: regex.lastIndex, term: matcher.terms[group - 1] });
  }
  return hits;
}

// A `u` regex reads code points: restarting inside a surrogate pair would match half a character.
function nextCharacter(text: string, index: number): number {
  return index + ((text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1);
}
