import type { ModelFamily } from './hf-files.js';
import type { BuiltinParameters } from './lexicon.js';
import { ElemType, GraphBuilder } from './onnx-builder.js';
import { DIM, EMBEDDING_DIMS, type Vocabulary } from './vocabulary.js';

/** How the embedding table is stored: plain float32, or int8 with one scale per column. */
export type WeightFormat = 'fp32' | 'q8';

const OPSET = 13;
const BATCH: [string, string] = ['batch_size', 'sequence_length'];

/** A [rows, cols] float matrix that copies the listed rows of its input into consecutive columns. */
function selector(rows: number, pick: number[]): number[] {
  const m = new Array<number>(rows * pick.length).fill(0);
  pick.forEach((row, col) => (m[row * pick.length + col] = 1));
  return m;
}

/** A [rows, cols] float table to look rows up in, as `embed` stores it. */
export interface Table {
  name: string;
  values: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Looks up the rows of `ids` in a table. q8 is real weight-only 8-bit quantisation: an int8 table
 * with one scale per column, and only the gathered rows are dequantised at run time.
 */
export function lookUp(g: GraphBuilder, ids: string, table: Table, format: WeightFormat): string {
  const { name, values, rows, cols } = table;
  if (format === 'fp32') {
    return g.node('Gather', [g.floats(name, values, [rows, cols]), ids], [{ name: 'axis', i: 0 }]);
  }
  const maxima = new Float64Array(cols);
  for (let i = 0; i < values.length; i++) maxima[i % cols] = Math.max(maxima[i % cols], Math.abs(values[i]));
  const scales = Array.from(maxima, (max) => (max === 0 ? 1 : max / 127));
  const quantized = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) quantized[i] = Math.round(values[i] / scales[i % cols]);
  const stored = g.constant(`${name}_q8`, ElemType.int8, quantized, [rows, cols]);
  const zero = g.constant(`${name}_zero_point`, ElemType.int8, new Array(cols).fill(0), [cols]);
  const gathered = g.node('Gather', [stored, ids], [{ name: 'axis', i: 0 }]);
  return g.node(
    'DequantizeLinear',
    [gathered, g.floats(`${name}_scale`, scales), zero],
    [{ name: 'axis', i: 2 }],
  );
}

/** The lexicon-seeded embedding rows of `ids`. */
function embed(g: GraphBuilder, ids: string, vocab: Vocabulary, format: WeightFormat): string {
  const table = {
    name: 'embeddings',
    values: vocab.embeddings,
    rows: vocab.tokens.length,
    cols: EMBEDDING_DIMS,
  };
  return lookUp(g, ids, table, format);
}

interface Inputs {
  g: GraphBuilder;
  embedded: string; // [B, L, D]
  attention: string; // [B, L] float
  segment: string; // [B, L] float, 1 for the second sequence
}

function bertInputs(vocab: Vocabulary, format: WeightFormat): Inputs {
  const g = new GraphBuilder();
  const ids = g.input('input_ids', ElemType.int64, BATCH);
  const mask = g.input('attention_mask', ElemType.int64, BATCH);
  const types = g.input('token_type_ids', ElemType.int64, BATCH);
  const embedded = embed(g, ids, vocab, format);
  const attention = g.node('Cast', [mask], [{ name: 'to', i: ElemType.float }]);
  const segmentRaw = g.node('Cast', [types], [{ name: 'to', i: ElemType.float }]);
  const segment = g.node('Mul', [attention, segmentRaw]);
  return { g, embedded, attention, segment };
}

/**
 * DeBERTa-v2's inputs: input_ids and attention_mask, no token_type_ids (type_vocab_size 0, so the
 * exported graph has none and Transformers.js feeds none). The second sequence is found the way the
 * template lays it out, `[CLS] A [SEP] B [SEP]`: a token is in B when a [SEP] came before it, the
 * second [SEP] included, i.e. cumsum(is [SEP]) − is [SEP] ≥ 1.
 */
function debertaInputs(vocab: Vocabulary, format: WeightFormat): Inputs {
  const g = new GraphBuilder();
  const ids = g.input('input_ids', ElemType.int64, BATCH);
  const mask = g.input('attention_mask', ElemType.int64, BATCH);
  const embedded = embed(g, ids, vocab, format);
  const attention = g.node('Cast', [mask], [{ name: 'to', i: ElemType.float }]);
  const sep = g.constant('sep_id', ElemType.int64, [vocab.tokens.indexOf('[SEP]')], []);
  const isSep = g.node('Cast', [g.node('Equal', [ids, sep])], [{ name: 'to', i: ElemType.float }]);
  const seen = g.node('CumSum', [isSep, g.constant('sequence_axis', ElemType.int64, [1], [])]);
  const after = g.node('Min', [g.node('Sub', [seen, isSep]), g.floats('one_segment', [1])]);
  const segment = g.node('Mul', [attention, after]);
  return { g, embedded, attention, segment };
}

const INPUTS: Record<ModelFamily, (vocab: Vocabulary, format: WeightFormat) => Inputs> = {
  bert: bertInputs,
  'deberta-v2': debertaInputs,
};

/** Masked sum over the sequence: [B, L, D] × [B, L] → [B, D]. */
function maskedSum({ g, embedded }: Inputs, mask: string): string {
  const expanded = g.node('Unsqueeze', [mask, g.int64s('axis2', [2])]);
  return g.node(
    'ReduceSum',
    [g.node('Mul', [embedded, expanded]), g.int64s('axis1', [1])],
    [{ name: 'keepdims', i: 0 }],
  );
}

/** tanh(sharpness × mean) of the chosen columns, the mean taken over words (not word pieces). */
function squashedMean(g: GraphBuilder, sum: string, columns: number[], sharpness: number): string {
  const words = g.node('Max', [
    g.node('MatMul', [sum, g.floats('pick_word', selector(EMBEDDING_DIMS, [DIM.word]), [EMBEDDING_DIMS, 1])]),
    g.floats('one', [1]),
  ]);
  const picked = g.node('MatMul', [
    sum,
    g.floats('pick', selector(EMBEDDING_DIMS, columns), [EMBEDDING_DIMS, columns.length]),
  ]);
  return g.node('Tanh', [
    g.node('Mul', [g.node('Div', [picked, words]), g.floats('sharpness', [sharpness])]),
  ]);
}

/**
 * NLI head. Premise polarity P = tanh(k · mean content vector of the premise); hypothesis direction
 * H = the hypothesis's summed directive vector scaled to unit length. Entailment rises when P agrees
 * with H, and, for a hypothesis that asks for neutrality, when the premise carries little polarity.
 * Contradiction is its mirror; "neutral" (in the NLI sense) is high when neither is strong.
 */
export function buildNliGraph(
  vocab: Vocabulary,
  p: BuiltinParameters,
  format: WeightFormat,
  family: ModelFamily = 'bert',
): Uint8Array {
  const inputs = INPUTS[family](vocab, format);
  const { g } = inputs;
  const premiseMask = g.node('Sub', [inputs.attention, inputs.segment]);
  const premise = squashedMean(
    g,
    maskedSum(inputs, premiseMask),
    [DIM.contentStance, DIM.contentFraming, DIM.contentTone],
    p.sharpness,
  );

  const directive = g.node('MatMul', [
    maskedSum(inputs, inputs.segment),
    g.floats(
      'pick_directive',
      selector(EMBEDDING_DIMS, [
        DIM.directiveStance,
        DIM.directiveFraming,
        DIM.directiveTone,
        DIM.directiveNeutral,
      ]),
      [EMBEDDING_DIMS, 4],
    ),
  ]);
  const length = g.node('Max', [
    g.node(
      'ReduceL2',
      [directive],
      [
        { name: 'axes', ints: [1] },
        { name: 'keepdims', i: 1 },
      ],
    ),
    g.floats('directive_floor', [p.directiveFloor]),
  ]);
  const direction = g.node('Div', [directive, length]);
  const polarDirection = g.node('MatMul', [
    direction,
    g.floats('pick_polar', selector(4, [0, 1, 2]), [4, 3]),
  ]);
  const neutralAsk = g.node('MatMul', [direction, g.floats('pick_neutral', selector(4, [3]), [4, 1])]);

  const agreement = g.node(
    'ReduceSum',
    [g.node('Mul', [premise, polarDirection]), g.int64s('axis1', [1])],
    [{ name: 'keepdims', i: 1 }],
  );
  const magnitude = g.node('MatMul', [
    g.node('Abs', [premise]),
    g.floats('neutrality_axis_weights', p.neutralityAxisWeights, [3, 1]),
  ]);
  const calm = g.node('Sub', [g.floats('neutral_threshold', [p.neutralThreshold]), magnitude]);
  const entailment = g.node('Add', [
    g.node('Mul', [agreement, g.floats('agreement', [p.agreement])]),
    g.node('Mul', [g.node('Mul', [neutralAsk, g.floats('neutrality', [p.neutrality])]), calm]),
  ]);
  const contradiction = g.node('Neg', [entailment]);
  const undecided = g.node('Sub', [g.floats('neutral_logit', [p.neutralLogit]), g.node('Abs', [entailment])]);
  g.node('Concat', [contradiction, entailment, undecided], [{ name: 'axis', i: 1 }], 'logits');
  g.output('logits', ElemType.float, ['batch_size', 3]);
  return g.encode({
    graphName: family === 'bert' ? 'stancewatch-builtin-nli' : 'stancewatch-builtin-nli-deberta-v2',
    docString:
      'Lexicon-seeded zero-shot NLI model generated by stancewatch (libs/nlp/src/builtin). Not a trained transformer.',
    opset: OPSET,
    properties: { weights: format },
  });
}

/** Sentiment head: tone T = tanh(k · mean content tone); logits [negative, neutral, positive]. */
export function buildSentimentGraph(
  vocab: Vocabulary,
  p: BuiltinParameters,
  format: WeightFormat,
): Uint8Array {
  const inputs = bertInputs(vocab, format);
  const { g } = inputs;
  const tone = squashedMean(g, maskedSum(inputs, inputs.attention), [DIM.contentTone], p.sharpness);
  const positive = g.node('Mul', [tone, g.floats('agreement', [p.agreement])]);
  const negative = g.node('Neg', [positive]);
  const calm = g.node('Sub', [g.floats('neutral_threshold', [p.neutralThreshold]), g.node('Abs', [tone])]);
  const neutral = g.node('Mul', [calm, g.floats('neutrality', [p.neutrality])]);
  g.node('Concat', [negative, neutral, positive], [{ name: 'axis', i: 1 }], 'logits');
  g.output('logits', ElemType.float, ['batch_size', 3]);
  return g.encode({
    graphName: 'stancewatch-builtin-sentiment',
    docString:
      'Lexicon-seeded sentiment model generated by stancewatch (libs/nlp/src/builtin). Not a trained transformer.',
    opset: OPSET,
    properties: { weights: format },
  });
}
