import { LANGUAGES } from '../labels.js';
import type { Lens, LensTerm, TermsByLanguage } from '../lens.js';
import { normalizeText } from './normalize-text.js';
import { findHits, type Hit, type Matcher, type TermGroup } from './find-hits.js';
import { normalizeWithOffsets, originalSpan } from './term-positions.js';
import { endingAtWordEnd, isSubstringTerm, termPattern, termProblem, visibleTerm } from './term-pattern.js';

export interface RelevanceResult {
  relevant: boolean;
  /** The matched terms as written in the lens, deduplicated, in order of first appearance. */
  terms: string[];
}

export type { TermGroup };

/** Where a lens term occurs in a text: UTF-16 offsets [start, end) in the text as given, before normalising. */
export interface TermPosition {
  start: number;
  end: number;
  /** The term as written in the lens. */
  term: string;
  group: TermGroup;
}

const TERM_GROUPS: readonly TermGroup[] = ['sideA', 'sideB', 'bilateral'];

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
    for (const { term } of terms) refuseUnmatchable(lens.name, term);
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
    const hits = this.hits(normalizeText(text));
    const groups = new Set(hits.map((hit) => hit.term.group));
    const relevant = groups.has('bilateral') || (groups.has('sideA') && groups.has('sideB'));
    return { relevant, terms: [...new Set(hits.map((hit) => hit.term.term))] };
  }

  /**
   * The same hits as {@link match} finds, located in the text as given: what a reader sees highlighted
   * is what decided relevance.
   */
  positions(text: string): TermPosition[] {
    const mapped = normalizeWithOffsets(text);
    const whole = normalizeText(text);
    // Normalising piece by piece gives the same text but for rare compositions across characters;
    // there the pieces' text is matched, so every offset still points at a whole original character.
    const hits = this.hits(whole === mapped.normalized ? whole : mapped.normalized);
    return hits.map((hit) => ({
      ...originalSpan(mapped, hit.start, hit.end),
      term: hit.term.term,
      group: hit.term.group,
    }));
  }

  private hits(normalized: string): Hit[] {
    return withoutOverlaps(this.matchers.flatMap((matcher) => findHits(matcher, normalized)));
  }
}

/**
 * A term that matches empty text would match at every position, and the global scan never moves past
 * an empty match: the filter would hang on the first text (findHits steps past one now, but such a term
 * still names nothing). The lens file's schema refuses such terms, and terms without a letter or digit;
 * this holds for lenses built any other way too.
 */
function refuseUnmatchable(lensName: string, term: LensTerm): void {
  const shown = visibleTerm(term.term);
  if (new RegExp(`^(?:${termPattern(term)})`, 'u').test(''))
    throw new Error(
      `lens "${lensName}": the term "${shown}" matches empty text; give it at least one letter or digit outside "*"`,
    );
  const problem = termProblem(term.term);
  if (problem !== null) throw new Error(`lens "${lensName}": the term "${shown}": ${problem}`);
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
