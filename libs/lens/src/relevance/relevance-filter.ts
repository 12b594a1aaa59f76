import { LANGUAGES } from '../labels.js';
import type { Lens, LensTerm, TermsByLanguage } from '../lens.js';
import { normalizeText } from './normalize-text.js';
import { endingAtWordEnd, isSubstringTerm, startsInsideWord, termPattern } from './term-pattern.js';

export interface RelevanceResult {
  relevant: boolean;
  /** The matched terms as written in the lens, deduplicated, in order of first appearance. */
  terms: string[];
}

type TermGroup = 'sideA' | 'sideB' | 'bilateral';
const TERM_GROUPS: readonly TermGroup[] = ['sideA', 'sideB', 'bilateral'];

interface CompiledTerm {
  term: string;
  group: TermGroup;
}

interface Matcher {
  regex: RegExp;
  /** Whole-word terms: a match must not start right after a letter or digit. */
  wholeWords: boolean;
  /** terms[i] is the term whose pattern is capture group i + 1. */
  terms: CompiledTerm[];
}

interface Hit {
  start: number;
  end: number;
  term: CompiledTerm;
}

/**
 * Decides whether a text concerns a lens: it names both sides (sideA and sideB) or a bilateral object.
 * Every term of every language is tried on every text, because headlines mix scripts ("ШОС" next to "SCO",
 * "普京" next to "Xi"). The lens is compiled once into at most three regular expressions: whole-word terms
 * without and with case, and Chinese substrings. Keeping Chinese apart measured several times faster than one
 * mixed alternation on 10k synthetic headlines.
 */
export class RelevanceFilter {
  private readonly matchers: Matcher[];

  constructor(lens: Lens) {
    const terms = TERM_GROUPS.flatMap((group) =>
      termsOf(lens.relevance[group]).map((term) => ({ group, term })),
    );
    for (const { term } of terms) refuseEmptyMatch(lens.name, term);
    const substring = (entry: { term: LensTerm }) => isSubstringTerm(entry.term.term);
    const words = terms.filter((entry) => !substring(entry));
    this.matchers = [
      compileMatcher(
        words.filter(({ term }) => !term.caseSensitive),
        'giu',
        true,
      ),
      compileMatcher(
        words.filter(({ term }) => term.caseSensitive),
        'gu',
        true,
      ),
      compileMatcher(terms.filter(substring), 'gu', false),
    ].filter((matcher): matcher is Matcher => matcher !== undefined);
  }

  match(text: string): RelevanceResult {
    const normalized = normalizeText(text);
    const hits = withoutOverlaps(this.matchers.flatMap((matcher) => findHits(matcher, normalized)));
    const groups = new Set(hits.map((hit) => hit.term.group));
    const relevant = groups.has('bilateral') || (groups.has('sideA') && groups.has('sideB'));
    return { relevant, terms: [...new Set(hits.map((hit) => hit.term.term))] };
  }
}

/**
 * A term that matches empty text would match at every position, and the global scan never moves past
 * an empty match: the filter would hang on the first text. The lens file's schema refuses such terms;
 * this holds for lenses built any other way too.
 */
function refuseEmptyMatch(lensName: string, term: LensTerm): void {
  if (!new RegExp(`^(?:${termPattern(term)})`, 'u').test('')) return;
  throw new Error(
    `lens "${lensName}": the term "${term.term}" matches empty text; give it at least one letter or digit outside "*"`,
  );
}

function termsOf(byLanguage: TermsByLanguage): LensTerm[] {
  return LANGUAGES.flatMap((language) => byLanguage[language] ?? []);
}

function compileMatcher(
  entries: { group: TermGroup; term: LensTerm }[],
  flags: string,
  wholeWords: boolean,
): Matcher | undefined {
  if (entries.length === 0) return undefined;
  // Longest first: at one position the alternation takes the first alternative that fits, so "Xi Jinping"
  // must come before "Xi", and 中俄 before 俄.
  const ordered = [...entries].sort((a, b) => literalLength(b.term) - literalLength(a.term));
  const alternation = ordered.map(({ term }) => `(${termPattern(term)})`).join('|');
  return {
    regex: new RegExp(wholeWords ? endingAtWordEnd(alternation) : alternation, flags),
    wholeWords,
    terms: ordered.map(({ group, term }) => ({ group, term: term.term })),
  };
}

function literalLength(term: LensTerm): number {
  return term.term.replace(/\*/g, '').length;
}

// Reuses the matcher's global regex (matching is synchronous, so no caller can interleave) instead of
// matchAll, which clones it for every text.
function findHits(matcher: Matcher, text: string): Hit[] {
  const hits: Hit[] = [];
  const { regex } = matcher;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (matcher.wholeWords && startsInsideWord(text, match.index)) {
      // Every branch starting here starts mid-word too; look again from the next character.
      regex.lastIndex = match.index + 1;
      continue;
    }
    const group = match.findIndex((captured, i) => i > 0 && captured !== undefined);
    hits.push({ start: match.index, end: regex.lastIndex, term: matcher.terms[group - 1] });
  }
  return hits;
}

// The regexes scan independently, so "Xi Jinping" (insensitive) and "Xi" (case-sensitive) can both match
// the same words; the longer, earlier match is the one reported.
function withoutOverlaps(hits: Hit[]): Hit[] {
  const sorted = hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  let reachedEnd = 0;
  for (const hit of sorted) {
    if (hit.start < reachedEnd) continue;
    kept.push(hit);
    reachedEnd = hit.end;
  }
  return kept;
}
