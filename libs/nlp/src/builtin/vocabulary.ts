import { type BuiltinData, normalizeToken } from './lexicon.js';

/**
 * Columns of the embedding table. A token carries two readings: how it colours a premise
 * (content) and what it asks for when it appears in a hypothesis (directive). The NLI head
 * pools the first over the premise and the second over the hypothesis and compares them.
 */
export const DIM = {
  word: 0,
  contentStance: 1,
  contentFraming: 2,
  contentTone: 3,
  directiveStance: 4,
  directiveFraming: 5,
  directiveTone: 6,
  directiveNeutral: 7,
} as const;
export const EMBEDDING_DIMS = 8;

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const SUBWORD_PREFIX = '##';

export interface Vocabulary {
  tokens: string[];
  /** Row-major [tokens.length, EMBEDDING_DIMS]. */
  embeddings: Float32Array;
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

/** Letters and digits that start or continue a word (so no word falls back to a whole-word [UNK]). */
function wordCharacters(): string[] {
  return [
    ...range(0x61, 0x7a), // a-z
    ...range(0x30, 0x39), // 0-9
    ...'ßæøœðþłđıŋς'.split(''),
    ...range(0x3b1, 0x3c9), // Greek
    ...range(0x430, 0x45f), // Cyrillic (Russian, Ukrainian, Serbian letters)
    'ґ',
    ...range(0x3041, 0x3096), // hiragana
    ...range(0x30a1, 0x30fc), // katakana
    '〇',
    ...range(0xff10, 0xff19), // fullwidth digits
    ...range(0xff41, 0xff5a), // fullwidth letters (lower-cased by the normalizer)
    ...'€₽¥£№°²³½×'.split(''),
  ];
}

/** Characters the pre-tokenizer isolates: they never start or continue a word. */
function punctuation(): string[] {
  return [
    ...range(0x21, 0x2f),
    ...range(0x3a, 0x40),
    ...range(0x5b, 0x60),
    ...range(0x7b, 0x7e),
    ...'«»“”„‘’‚—–―‐…·•‹›¡¿§¶、。，：；！？（）《》〈〉【】「」『』～‧﹏'.split(''),
  ];
}

/** Han characters the BERT normalizer splits into single-character words. */
function cjkCharacters(): string[] {
  return [...range(0x4e00, 0x9fff), ...range(0x3400, 0x4dbf), ...range(0xf900, 0xfaff)];
}

export function buildVocabulary(data: BuiltinData): Vocabulary {
  const rows = new Map<string, Float32Array>();
  const add = (token: string, word: number): Float32Array => {
    let row = rows.get(token);
    if (!row) {
      row = new Float32Array(EMBEDDING_DIMS);
      row[DIM.word] = word;
      rows.set(token, row);
    }
    return row;
  };

  for (const special of SPECIAL_TOKENS) add(special, 0);
  for (const ch of wordCharacters()) add(ch, 1);
  for (const ch of wordCharacters()) add(SUBWORD_PREFIX + ch, 0);
  for (const ch of punctuation()) add(ch, 0);
  const cjkWeight = data.parameters.cjkWordWeight;
  for (const ch of cjkCharacters()) add(ch, cjkWeight);

  for (const lexicon of data.lexicons) {
    for (const guard of lexicon.guards) add(normalizeToken(guard), 1);
    for (const [token, [stance, framing, tone]] of Object.entries(lexicon.premise)) {
      const row = add(normalizeToken(token), 1);
      row[DIM.contentStance] = stance;
      row[DIM.contentFraming] = framing;
      row[DIM.contentTone] = tone;
    }
    for (const [token, [stance, framing, tone, neutral]] of Object.entries(lexicon.hypothesis)) {
      const row = add(normalizeToken(token), 1);
      row[DIM.directiveStance] = stance;
      row[DIM.directiveFraming] = framing;
      row[DIM.directiveTone] = tone;
      row[DIM.directiveNeutral] = neutral;
    }
  }

  const tokens = [...rows.keys()];
  const embeddings = new Float32Array(tokens.length * EMBEDDING_DIMS);
  tokens.forEach((token, i) => embeddings.set(rows.get(token)!, i * EMBEDDING_DIMS));
  return { tokens, embeddings };
}

/** SentencePiece's word-start mark: a piece that begins a word carries it (Metaspace pre-tokenizer). */
export const WORD_START = '\u2581';

/**
 * The same vocabulary as SentencePiece Unigram pieces, for the DeBERTa-v2 layout: a word-start token
 * `w` becomes `▁w` and a continuation `##x` becomes `x`. A single character without a continuation
 * form (punctuation, which the pre-tokenizer isolates but groups in runs like `»,`; a Han character,
 * a word of its own in BERT) gets both `▁c` and `c` with the same row. Rows keep their embeddings, so
 * both layouts read a text alike.
 */
export function unigramVocabulary(vocab: Vocabulary): Vocabulary {
  const pieces: string[] = [];
  const rows: Float32Array[] = [];
  const seen = new Set<string>();
  const add = (piece: string, row: Float32Array) => {
    if (seen.has(piece)) return;
    seen.add(piece);
    pieces.push(piece);
    rows.push(row);
  };
  const continuations = new Set(
    vocab.tokens.filter((t) => t.startsWith(SUBWORD_PREFIX)).map((t) => t.slice(2)),
  );
  vocab.tokens.forEach((token, i) => {
    const row = vocab.embeddings.subarray(i * EMBEDDING_DIMS, (i + 1) * EMBEDDING_DIMS);
    if ((SPECIAL_TOKENS as readonly string[]).includes(token)) return add(token, row);
    if (token.startsWith(SUBWORD_PREFIX)) return add(token.slice(SUBWORD_PREFIX.length), row);
    add(WORD_START + token, row);
    if ([...token].length === 1 && !continuations.has(token)) add(token, row);
  });
  // A bare mark, for a word that starts with a character the vocabulary lacks.
  add(WORD_START, new Float32Array(EMBEDDING_DIMS));
  const embeddings = new Float32Array(pieces.length * EMBEDDING_DIMS);
  rows.forEach((row, i) => embeddings.set(row, i * EMBEDDING_DIMS));
  return { tokens: pieces, embeddings };
}
