import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { importedTransformers } from './transformers-runtime.js';

/** What a tokenizer call hands the model: int64 tensors of shape [rows, tokens]. */
export interface ModelInputs {
  input_ids: Tensor;
  attention_mask: Tensor;
  token_type_ids?: Tensor;
}

/**
 * Where a tokenizer puts its special tokens around one text or around a (premise, hypothesis) pair:
 * BERT's `[CLS] A [SEP] B [SEP]`, RoBERTa's and XLM-R's `<s> A </s></s> B </s>`, or any template
 * that only adds tokens around the texts. Read off the tokenizer's own output, never assumed.
 */
interface Template {
  /** The special tokens before the first text, between the texts and after the last one. */
  specials: { ids: number[]; types: number[] }[];
  /** The token_type_id every token of each text gets. */
  textTypes: number[];
  /** Whether the tokenizer returns token_type_ids at all (BERT does, RoBERTa does not). */
  withTypes: boolean;
}

interface Row {
  ids: number[];
  types: number[];
}

type ArrayEncoding = { input_ids: number[]; attention_mask: number[]; token_type_ids?: number[] };

/**
 * Texts the templates are read from and checked against: several scripts and lengths, so that a
 * template read off one probe is confirmed on texts it was not read from.
 */
const PROBES: [string, string][] = [
  ['Moscow and Beijing signed a trade agreement on Tuesday.', 'This text reports cooperation.'],
  ['Переговоры шли три дня', 'Этот текст сообщает о конфликте между странами.'],
  ['中俄双方签署了能源合作协议。', '本文报道合作。'],
];

const encoders = new WeakMap<PreTrainedTokenizer, PairEncoder>();
const sameEncoding = new WeakMap<PreTrainedTokenizer, WeakMap<PreTrainedTokenizer, boolean>>();

/**
 * Builds a model's inputs from token ids instead of text: each text is tokenized once, and its ids
 * are put into every pair it takes part in the way the tokenizer itself would put them together.
 * `tokenizer(premises, { text_pair, padding: true, truncation: true })` tokenizes the premise
 * again for every hypothesis, and that — not the model — is most of a batched zero-shot call.
 */
export class PairEncoder {
  /** Special tokens a pair gets around its two texts (3 for BERT, 4 for RoBERTa). */
  readonly pairSpecials: number;

  private constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly single: Template | null,
    private readonly pair: Template | null,
  ) {
    this.pairSpecials = pair
      ? pair.specials.reduce((n, s) => n + s.ids.length, 0)
      : specialsOfPair(tokenizer);
  }

  /** One encoder per tokenizer: the templates are read once, however many classifiers share it. */
  static of(tokenizer: PreTrainedTokenizer): PairEncoder {
    let encoder = encoders.get(tokenizer);
    if (!encoder) {
      encoder = new PairEncoder(
        tokenizer,
        readTemplate(tokenizer, (pair) => [pair[0]]),
        readTemplate(tokenizer, (pair) => pair),
      );
      encoders.set(tokenizer, encoder);
    }
    return encoder;
  }

  /** Whether pairs can be built from ids; when not, the tokenizer has to be given the texts. */
  get assemblesPairs(): boolean {
    return this.pair !== null;
  }

  get assemblesSingles(): boolean {
    return this.single !== null;
  }

  /** The longest input the tokenizer lets through (Infinity when its config sets none). */
  get maxLength(): number {
    const max = Number(this.tokenizer.model_max_length);
    return Number.isFinite(max) ? max : Infinity;
  }

  /** A text's ids without special tokens: what the tokenizer makes of it inside a pair. */
  ids(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  /**
   * Whether `other` turns every text into the same ids as this tokenizer (a sentiment model that
   * shares the NLI model's vocabulary): then ids made once serve both models.
   */
  encodesLike(other: PairEncoder): boolean {
    const a = this.tokenizer;
    const b = other.tokenizer;
    if (a === b) return true;
    let known = sameEncoding.get(a);
    if (!known) sameEncoding.set(a, (known = new WeakMap()));
    let same = known.get(b);
    if (same === undefined) {
      // Identical tokenizer.json and tokenizer_config.json: every step from text to ids is the same.
      same =
        JSON.stringify(a._tokenizerJSON) === JSON.stringify(b._tokenizerJSON) &&
        JSON.stringify(a._tokenizerConfig) === JSON.stringify(b._tokenizerConfig);
      known.set(b, same);
    }
    return same;
  }

  /** As `tokenizer(premises, { text_pair: hypotheses, padding: true, truncation: true })`, from ids. */
  pairs(rows: [number[], number[]][]): ModelInputs {
    const template = this.pair;
    if (!template) throw new Error('this tokenizer puts pairs together in a way not read from it');
    return this.batch(
      rows.map((texts) => assemble(template, texts)),
      template.withTypes,
    );
  }

  /** As `tokenizer(texts, { padding: true, truncation: true })`, from ids. */
  singles(rows: number[][]): ModelInputs {
    const template = this.single;
    if (!template) throw new Error('this tokenizer frames a text in a way not read from it');
    return this.batch(
      rows.map((ids) => assemble(template, [ids])),
      template.withTypes,
    );
  }

  /**
   * Pads and truncates as the tokenizer does with `padding: true, truncation: true`: every row
   * to the longest one, capped at the model's length by cutting the end of the longer rows.
   */
  private batch(rows: Row[], withTypes: boolean): ModelInputs {
    const width = Math.min(Math.max(...rows.map((row) => row.ids.length)), this.maxLength);
    const size = rows.length * width;
    const ids = new BigInt64Array(size);
    const mask = new BigInt64Array(size);
    const types = new BigInt64Array(size);
    // A tokenizer without a pad token cannot pad at all; its padded positions are masked anyway.
    const pad = BigInt(this.tokenizer.pad_token_id ?? 0);
    const left = this.tokenizer.padding_side === 'left';
    rows.forEach((row, r) => {
      const length = Math.min(row.ids.length, width);
      const start = r * width + (left ? width - length : 0);
      ids.fill(pad, r * width, (r + 1) * width);
      for (let i = 0; i < length; i += 1) {
        ids[start + i] = BigInt(row.ids[i]);
        mask[start + i] = 1n;
        types[start + i] = BigInt(row.types[i]);
      }
    });
    const dims = [rows.length, width];
    const { Tensor } = importedTransformers(); // a tokenizer exists only once Transformers.js is loaded
    return {
      input_ids: new Tensor('int64', ids, dims),
      attention_mask: new Tensor('int64', mask, dims),
      ...(withTypes ? { token_type_ids: new Tensor('int64', types, dims) } : {}),
    };
  }
}

/** Tokens a pair gets besides its texts' own, for a tokenizer whose template could not be read. */
function specialsOfPair(tokenizer: PreTrainedTokenizer): number {
  const [premise, hypothesis] = PROBES[0];
  const own = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;
  const pair = tokenizer.encode(premise, { text_pair: hypothesis }).length;
  return Math.max(0, pair - own(premise) - own(hypothesis));
}

function assemble(template: Template, texts: number[][]): Row {
  const ids: number[] = [];
  const types: number[] = [];
  template.specials.forEach((special, i) => {
    ids.push(...special.ids);
    types.push(...special.types);
    if (i < texts.length) {
      ids.push(...texts[i]);
      for (let t = 0; t < texts[i].length; t += 1) types.push(template.textTypes[i]);
    }
  });
  return { ids, types };
}

/**
 * Reads the template off the tokenizer's output for a probe (one text, or a pair) and keeps it only
 * if it rebuilds the tokenizer's output for every probe exactly; null when no probe gives one.
 */
function readTemplate(
  tokenizer: PreTrainedTokenizer,
  pick: (probe: [string, string]) => string[],
): Template | null {
  const outputs = PROBES.map((probe) => {
    const texts = pick(probe);
    return {
      texts: texts.map((text) => tokenizer.encode(text, { add_special_tokens: false })),
      encoded: tokenizer(texts[0], { text_pair: texts[1] ?? null, return_tensor: false }) as ArrayEncoding,
    };
  });
  for (const { texts, encoded } of outputs) {
    const template = templateFrom(encoded, texts);
    if (template && outputs.every((output) => rebuilds(template, output.texts, output.encoded)))
      return template;
  }
  return null;
}

function templateFrom(encoded: ArrayEncoding, texts: number[][]): Template | null {
  const starts = placements(encoded.input_ids, texts, 0);
  if (starts.length !== 1) return null; // absent, or ambiguous: nothing to read
  const types = encoded.token_type_ids ?? encoded.input_ids.map(() => 0);
  const specials: Template['specials'] = [];
  const textTypes: number[] = [];
  let at = 0;
  starts[0].forEach((start, i) => {
    specials.push({ ids: encoded.input_ids.slice(at, start), types: types.slice(at, start) });
    at = start + texts[i].length;
    textTypes.push(types[start] ?? 0);
  });
  specials.push({ ids: encoded.input_ids.slice(at), types: types.slice(at) });
  return { specials, textTypes, withTypes: encoded.token_type_ids !== undefined };
}

/** Every way the texts' ids sit, in order and without overlapping, inside `ids` from `from` on. */
function placements(ids: number[], texts: number[][], from: number): number[][] {
  if (texts.length === 0) return [[]];
  const [first, ...rest] = texts;
  const found: number[][] = [];
  for (let start = from; start + first.length <= ids.length; start += 1) {
    if (!first.every((id, i) => ids[start + i] === id)) continue;
    for (const tail of placements(ids, rest, start + first.length)) found.push([start, ...tail]);
    if (found.length > 1) break;
  }
  return found;
}

function rebuilds(template: Template, texts: number[][], encoded: ArrayEncoding): boolean {
  const row = assemble(template, texts);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  return (
    same(row.ids, encoded.input_ids) &&
    encoded.attention_mask.every((m) => m === 1) &&
    template.withTypes === (encoded.token_type_ids !== undefined) &&
    (!encoded.token_type_ids || same(row.types, encoded.token_type_ids))
  );
}
