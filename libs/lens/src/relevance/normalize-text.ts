// Characters that are invisible in a headline but would split a word for the matcher:
// soft hyphen, zero-width space/joiners, word joiner, byte-order mark.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// Combining stress marks, which Russian texts sometimes print over vowels (Росси́я). NFKC has already composed
// every letter that has a precomposed accented form, so only such marks over Cyrillic letters remain.
const STRESS_MARKS = /[\u0300\u0301]/g;

/**
 * Brings text and lens terms to one comparable form: NFKC (full-width Latin such as ＳＣＯ becomes SCO,
 * compatibility forms fold), invisible joiners and stress marks removed, and ё/Ё written as е/Е, because Russian
 * outlets print the letter inconsistently (Кремлёвский / Кремлевский).
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(STRESS_MARKS, '')
    .replace(/ё/g, 'е')
    .replace(/Ё/g, 'Е');
}
