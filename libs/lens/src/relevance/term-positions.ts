import { normalizeText } from './normalize-text.js';

/**
 * The matcher reads normalised text (NFKC, invisible joiners and stress marks gone, ё as е), whose offsets
 * differ from the text shown wherever normalisation changed its length. This maps them back: the text is
 * cut into characters with their combining marks, each piece normalised alone, and every offset of the
 * normalised text points at the piece it came from. When normalising piece by piece does not give the same
 * text as normalising the whole (a sequence NFKC composes across pieces), `normalized` is the piecewise text:
 * the caller matches that instead, so offsets always point at whole characters of the original.
 */
export interface NormalizedText {
  normalized: string;
  /** Where the original piece starts that produced normalised offset i (length normalized.length + 1). */
  starts: number[];
  /** Where that piece ends in the original. */
  ends: number[];
}

const PIECE = /\P{M}\p{M}*|\p{M}+/gsu;

export function normalizeWithOffsets(text: string): NormalizedText {
  const starts: number[] = [];
  const ends: number[] = [];
  let normalized = '';
  for (const match of text.matchAll(PIECE)) {
    const piece = normalizeText(match[0]);
    const end = match.index + match[0].length;
    for (let i = 0; i < piece.length; i += 1) {
      starts.push(match.index);
      ends.push(end);
    }
    normalized += piece;
  }
  starts.push(text.length);
  ends.push(text.length);
  return { normalized, starts, ends };
}

/** The original span [start, end) of the normalised span [from, to). */
export function originalSpan(text: NormalizedText, from: number, to: number): { start: number; end: number } {
  return { start: text.starts[from], end: to > from ? text.ends[to - 1] : text.starts[from] };
}
