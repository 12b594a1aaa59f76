import { ENCODER_DIMS } from './builtin-ids.js';
import { lookUp, type WeightFormat } from './graphs.js';
import { ElemType, GraphBuilder } from './onnx-builder.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * The built-in sentence encoder: hashed token, token-bigram and token-trigram embeddings, summed per
 * position; Transformers.js's feature-extraction pipeline mean-pools and normalises them. With
 * WordPiece pieces of single characters (and whole lexicon words), token n-grams are character
 * n-grams within and across words, and a Chinese character bigram is most often a word: a random
 * projection of a bag of n-grams, which is what a linear head can learn stance from without a
 * pretrained transformer. For tests, CI and the offline demo; not a language model.
 */
/** Rows of each hashed n-gram table (a power of two; collisions only add noise). */
export const NGRAM_BUCKETS = 1 << 14;
/** Multipliers that spread (a, b) and (a, b, c) token-id tuples over the buckets. */
const BIGRAM_MULTIPLIER = 1_000_003;
const TRIGRAM_MULTIPLIER = 998_244_353;

/** FNV-1a over UTF-16 code units: a stable 32-bit seed for a token's row. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** splitmix32: the signs of one row, from its seed. */
function signRow(seed: number, out: Float32Array, offset: number, scale: number): void {
  let state = seed >>> 0;
  for (let d = 0; d < ENCODER_DIMS; d++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    out[offset + d] = z & 1 ? scale : -scale;
  }
}

/** Random ±1/√D rows: one per token (seeded by the token's text, so order does not matter), one per bucket. */
function hashedTable(rows: number, seedOf: (row: number) => number): Float32Array {
  const table = new Float32Array(rows * ENCODER_DIMS);
  const scale = 1 / Math.sqrt(ENCODER_DIMS);
  for (let r = 0; r < rows; r++) signRow(seedOf(r), table, r * ENCODER_DIMS, scale);
  return table;
}

export interface EncoderTables {
  tokens: Float32Array;
  bigrams: Float32Array;
  trigrams: Float32Array;
}

export function encoderTables(vocab: Vocabulary): EncoderTables {
  return {
    tokens: hashedTable(vocab.tokens.length, (r) => fnv1a(`token:${vocab.tokens[r]}`)),
    bigrams: hashedTable(NGRAM_BUCKETS, (r) => fnv1a(`bigram:${r}`)),
    trigrams: hashedTable(NGRAM_BUCKETS, (r) => fnv1a(`trigram:${r}`)),
  };
}

/** Far past any sequence length: Slice clamps it to the end. */
const TO_END = 1 << 30;

/** `x` shifted left by one position along the sequence, the last position filled with zeros. */
function shiftLeft(g: GraphBuilder, x: string): string {
  const one = g.int64s('one', [1]);
  const rest = g.node('Slice', [x, one, g.int64s('to_end', [TO_END]), one]);
  const first = g.node('Slice', [x, g.int64s('zero', [0]), one, one]);
  const zeros = g.node('Sub', [first, first]);
  return g.node('Concat', [rest, zeros], [{ name: 'axis', i: 1 }]);
}

/** (a · m + b) mod buckets, in int64 (ids are below 2^17, so nothing overflows). */
function hashPair(g: GraphBuilder, a: string, b: string, multiplier: number): string {
  const mixed = g.node('Add', [g.node('Mul', [a, g.int64s('multiplier', [multiplier])]), b]);
  return g.node('Mod', [mixed, g.int64s('buckets', [NGRAM_BUCKETS])]);
}

/**
 * The encoder graph, its tables stored as the NLI models store theirs (fp32, or q8 per column):
 * last_hidden_state[b, t] = token(t) + bigram(t, t+1) + trigram(t, t+1, t+2), an n-gram counted
 * only when all its tokens are unmasked.
 */
export function buildEncoderGraph(vocab: Vocabulary, format: WeightFormat): Uint8Array {
  const g = new GraphBuilder();
  const embed = (ids: string, name: string, values: Float32Array, rows: number) =>
    lookUp(g, ids, { name, values, rows, cols: ENCODER_DIMS }, format);
  const dims: [string, string] = ['batch_size', 'sequence_length'];
  const ids = g.input('input_ids', ElemType.int64, dims);
  const mask = g.input('attention_mask', ElemType.int64, dims);
  // BERT's inputs, so Transformers.js feeds the encoder as it feeds any BERT model; types carry nothing here.
  g.input('token_type_ids', ElemType.int64, dims);
  const tables = encoderTables(vocab);

  const next = shiftLeft(g, ids);
  const afterNext = shiftLeft(g, next);
  const maskNext = shiftLeft(g, mask);
  const maskAfterNext = shiftLeft(g, maskNext);
  const asFloat = (x: string) => g.node('Cast', [x], [{ name: 'to', i: ElemType.float }]);
  const bigramMask = asFloat(g.node('Mul', [mask, maskNext]));
  const trigramMask = asFloat(g.node('Mul', [g.node('Mul', [mask, maskNext]), maskAfterNext]));
  const unsqueezed = (m: string) => g.node('Unsqueeze', [m, g.int64s('axis2', [2])]);

  const bigramIds = hashPair(g, ids, next, BIGRAM_MULTIPLIER);
  const trigramIds = hashPair(g, hashPair(g, ids, next, TRIGRAM_MULTIPLIER), afterNext, BIGRAM_MULTIPLIER);
  const token = embed(ids, 'token_embeddings', tables.tokens, vocab.tokens.length);
  const bigram = g.node('Mul', [
    embed(bigramIds, 'bigram_embeddings', tables.bigrams, NGRAM_BUCKETS),
    unsqueezed(bigramMask),
  ]);
  const trigram = g.node('Mul', [
    embed(trigramIds, 'trigram_embeddings', tables.trigrams, NGRAM_BUCKETS),
    unsqueezed(trigramMask),
  ]);
  g.node('Add', [g.node('Add', [token, bigram]), trigram], [], 'last_hidden_state');
  g.output('last_hidden_state', ElemType.float, ['batch_size', 'sequence_length', ENCODER_DIMS]);
  return g.encode({
    graphName: 'stancewatch-builtin-encoder',
    docString:
      'Hashed token and token n-gram embeddings generated by stancewatch (libs/nlp/src/builtin). Not a trained transformer.',
    opset: 13,
    properties: { weights: format },
  });
}
