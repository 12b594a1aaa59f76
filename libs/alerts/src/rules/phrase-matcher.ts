import {
  normalizeText,
  endingAtWordEnd,
  isSubstringTerm,
  startsInsideWord,
  termPattern,
} from '../../../lens/src/index.js';

/**
 * Finds a watched phrase the way the relevance filter finds lens terms: case-insensitive, whole words for
 * Latin and Cyrillic ("Power of Siberia 2" not in "Power of Siberia 25"; `*` extends a stem), a substring for
 * Chinese; hyphens, dashes and quotes between words count as spaces, ё as е.
 */
export class PhraseMatcher {
  private readonly regex: RegExp;
  private readonly wholeWords: boolean;

  constructor(phrase: string) {
    const source = termPattern({ term: phrase, caseSensitive: false, except: [] });
    this.wholeWords = !isSubstringTerm(phrase);
    this.regex = new RegExp(this.wholeWords ? endingAtWordEnd(source) : source, 'giu');
  }

  matches(text: string): boolean {
    const normalized = normalizeText(text);
    this.regex.lastIndex = 0;
    for (let match = this.regex.exec(normalized); match !== null; match = this.regex.exec(normalized)) {
      if (!this.wholeWords || !startsInsideWord(normalized, match.index)) return true;
      this.regex.lastIndex = match.index + 1;
    }
    return false;
  }
}
