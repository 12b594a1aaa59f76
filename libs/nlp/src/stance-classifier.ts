import {
  FRAMING_LABELS,
  hypothesisLanguage,
  STANCE_LABELS,
  TONE_HYPOTHESES,
  TONE_LABELS,
  type FramingLabel,
  type Language,
  type LensHypotheses,
  type StanceLabel,
} from '../../lens/src/index.js';
import type { LoadedModel } from './model-loader.js';
import { PairEncoder, type ModelInputs } from './pair-encoding.js';

export interface ClassifyInput {
  text: string;
  /** en, ru or zh picks the lens's hypotheses; anything else (or nothing) is guessed from the script. */
  language?: string;
}

export type SentimentLabel = (typeof TONE_LABELS)[number];

export interface TextScores {
  stance: { label: StanceLabel; probs: Record<StanceLabel, number>; score: number };
  framing: { score: number; probs: Record<FramingLabel, number> };
  sentiment: { label: SentimentLabel; score: number; probs: Record<SentimentLabel, number> };
}

export interface StanceClassifierOptions {
  /** Texts per model call; each text makes 5 (premise, hypothesis) pairs, 8 when the NLI model scores tone. */
  batchSize?: number;
}

type NliModel = LoadedModel<'zero-shot-classification'>;
type SentimentModel = LoadedModel<'text-classification'>;
interface Logits {
  data: ArrayLike<number>;
  dims: number[];
}

/**
 * Hypothesis order inside a text's group of pairs: the stance labels, the framing labels, and, when
 * the NLI model also scores sentiment, the tone labels.
 */
const LENS_GROUP = [...STANCE_LABELS, ...FRAMING_LABELS] as const;

function softmax(values: number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

function languageOf(input: ClassifyInput): Language {
  return hypothesisLanguage(input.language, input.text);
}

function labelIndex(config: unknown, names: string[]): number | undefined {
  const label2id = (config as { label2id?: Record<string, number> }).label2id ?? {};
  const entry = Object.entries(label2id).find(([label]) => names.includes(label.toLowerCase()));
  return entry?.[1];
}

function stanceScores(probs: number[]): TextScores['stance'] {
  const [supportive, neutral, critical] = probs;
  const label = STANCE_LABELS[probs.indexOf(Math.max(...probs))];
  return { label, probs: { supportive, neutral, critical }, score: supportive - critical };
}

function framingScores([cooperation, conflict]: number[]): TextScores['framing'] {
  return { score: cooperation - conflict, probs: { cooperation, conflict } };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Stance, framing and sentiment for a batch of texts under one lens. `classify` builds every
 * (premise, hypothesis) pair of a batch and runs them through the NLI model as one padded call;
 * `classifyWithStockPipeline` does the same with Transformers.js's zero-shot pipeline (one model call
 * per pair) and exists to check and measure the batched path against it.
 *
 * Each text is tokenized once per batch: the hypotheses' ids are kept per language, and the pairs
 * are put together from ids the way the NLI tokenizer would (see PairEncoder). When the sentiment
 * model tokenizes exactly like the NLI model, it gets its inputs from the same ids.
 */
export class StanceClassifier {
  private readonly batchSize: number;
  private readonly entailmentId: number;
  private readonly sentimentIds: Record<SentimentLabel, number | undefined>;
  private readonly nliEncoder: PairEncoder;
  /** Null when the sentiment tokenizer makes other ids of a text: it is then given the texts. */
  private readonly sentimentEncoder: PairEncoder | null;
  /** The ids of each language's hypotheses, in group order: the lens's hypotheses never change. */
  private readonly hypothesisIds = new Map<Language, number[][]>();
  /** Pairs per text: the lens's five hypotheses, and the three tone ones when the NLI model scores sentiment. */
  private readonly groupSize: number;

  /** `sentiment` null: the NLI model scores sentiment too, with the tone hypotheses (SENTIMENT_MODEL=nli). */
  constructor(
    private readonly nli: NliModel,
    private readonly sentiment: SentimentModel | null,
    private readonly lens: LensHypotheses,
    options: StanceClassifierOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 32);
    const entailment = labelIndex(nli.pipeline.model.config, ['entailment']);
    if (entailment === undefined)
      throw new Error(`model ${nli.info.id} has no "entailment" label: it is not an NLI model`);
    this.entailmentId = entailment;
    this.nliEncoder = PairEncoder.of(nli.pipeline.tokenizer);
    this.groupSize = LENS_GROUP.length + (sentiment ? 0 : TONE_LABELS.length);
    if (!sentiment) {
      this.sentimentIds = { negative: 0, neutral: 1, positive: 2 };
      this.sentimentEncoder = null;
      return;
    }
    const config = sentiment.pipeline.model.config;
    this.sentimentIds = {
      negative: labelIndex(config, ['negative', 'neg']),
      neutral: labelIndex(config, ['neutral']),
      positive: labelIndex(config, ['positive', 'pos']),
    };
    if (this.sentimentIds.negative === undefined || this.sentimentIds.positive === undefined) {
      throw new Error(
        `model ${sentiment.info.id} has no positive/negative labels: it is not a sentiment model`,
      );
    }
    const sentimentEncoder = PairEncoder.of(sentiment.pipeline.tokenizer);
    this.sentimentEncoder =
      sentimentEncoder.assemblesSingles && sentimentEncoder.encodesLike(this.nliEncoder)
        ? sentimentEncoder
        : null;
  }

  get modelInfo(): NliModel['info'] {
    return this.nli.info;
  }

  /** The model that scores sentiment: the sentiment model, or the NLI model itself. */
  get sentimentInfo(): NliModel['info'] {
    return (this.sentiment ?? this.nli).info;
  }

  private hypotheses(language: Language): string[] {
    return [
      ...STANCE_LABELS.map((label) => this.lens.stance[label][language]),
      ...FRAMING_LABELS.map((label) => this.lens.framing[label][language]),
      ...(this.sentiment ? [] : TONE_LABELS.map((label) => TONE_HYPOTHESES[label][language])),
    ];
  }

  private hypothesisIdsOf(language: Language): number[][] {
    let ids = this.hypothesisIds.get(language);
    if (!ids) {
      ids = this.hypotheses(language).map((hypothesis) => this.nliEncoder.ids(hypothesis));
      this.hypothesisIds.set(language, ids);
    }
    return ids;
  }

  async classify(inputs: ClassifyInput[]): Promise<TextScores[]> {
    const results: TextScores[] = [];
    for (const batch of chunks(inputs, this.batchSize)) {
      const texts = batch.map((input) => input.text);
      const textIds = texts.map((text) => this.nliEncoder.ids(text)); // once per text, for both models
      const entailment = await this.entailmentLogits(batch, textIds);
      const sentiment = this.sentiment ? await this.sentimentProbs(texts, textIds) : null;
      batch.forEach((_, t) => {
        const group = entailment.slice(t * this.groupSize, (t + 1) * this.groupSize);
        results.push({
          stance: stanceScores(softmax(group.slice(0, STANCE_LABELS.length))),
          framing: framingScores(softmax(group.slice(STANCE_LABELS.length, LENS_GROUP.length))),
          sentiment: sentiment?.[t] ?? this.sentimentScores(softmax(group.slice(LENS_GROUP.length))),
        });
      });
    }
    return results;
  }

  /**
   * The NLI model's inputs for every (premise, hypothesis) pair of a batch, the pairs of a text in
   * group order, given each text's ids. Exposed so that the benchmark can time this step alone.
   */
  encodePairs(batch: ClassifyInput[], textIds: number[][]): ModelInputs {
    const rows: [number[], number[]][] = [];
    batch.forEach((input, t) => {
      const hypotheses = this.hypothesisIdsOf(languageOf(input));
      const premise = this.fitPremise(textIds[t], hypotheses);
      for (const hypothesis of hypotheses) rows.push([premise, hypothesis]);
    });
    if (this.nliEncoder.assemblesPairs) return this.nliEncoder.pairs(rows);
    // A tokenizer whose pair template could not be read is given the texts, premises cut as above.
    const { tokenizer } = this.nli.pipeline;
    const premises = rows.map(([premise], pair) => {
      const t = Math.floor(pair / this.groupSize);
      const cut = premise.length < textIds[t].length;
      return cut ? tokenizer.decode(premise, { skip_special_tokens: true }) : batch[t].text;
    });
    const hypotheses = batch.flatMap((input) => this.hypotheses(languageOf(input)));
    return tokenizer(premises, { text_pair: hypotheses, padding: true, truncation: true }) as ModelInputs;
  }

  /** The sentiment model's inputs for a batch's texts, from their ids when its tokenizer allows; exposed as above. */
  encodeTexts(texts: string[], textIds: number[][]): ModelInputs {
    if (this.sentimentEncoder) return this.sentimentEncoder.singles(textIds);
    const { tokenizer } = (this.sentiment ?? this.nli).pipeline;
    return tokenizer(texts, { padding: true, truncation: true }) as ModelInputs;
  }

  /** One padded model call for all pairs of the batch; returns the entailment logit of each pair. */
  private async entailmentLogits(batch: ClassifyInput[], textIds: number[][]): Promise<number[]> {
    const { model } = this.nli.pipeline;
    const { logits } = (await model(this.encodePairs(batch, textIds))) as { logits: Logits };
    const labels = logits.dims[1];
    const pairs = batch.length * this.groupSize;
    return Array.from({ length: pairs }, (_, pair) => Number(logits.data[pair * labels + this.entailmentId]));
  }

  /**
   * Cuts a premise's ids so that it and the longest of its hypotheses fit the model together. Plain
   * truncation cuts the end of the pair — the hypothesis — and every label then scores alike
   * (the stock pipeline has that flaw); long articles must lose the end of their text instead.
   */
  private fitPremise(ids: number[], hypotheses: number[][]): number[] {
    const longest = Math.max(...hypotheses.map((hypothesis) => hypothesis.length));
    const budget = this.nliEncoder.maxLength - longest - this.nliEncoder.pairSpecials;
    return ids.length <= budget ? ids : ids.slice(0, Math.max(1, budget));
  }

  private async sentimentProbs(texts: string[], textIds: number[][]): Promise<TextScores['sentiment'][]> {
    const { model } = this.sentiment!.pipeline;
    const { logits } = (await model(this.encodeTexts(texts, textIds))) as { logits: Logits };
    const labels = logits.dims[1];
    return texts.map((_, t) =>
      this.sentimentScores(
        softmax(Array.from({ length: labels }, (_, j) => Number(logits.data[t * labels + j]))),
      ),
    );
  }

  private sentimentScores(probs: number[]): TextScores['sentiment'] {
    const p = (label: SentimentLabel) =>
      this.sentimentIds[label] === undefined ? 0 : probs[this.sentimentIds[label]!];
    const byLabel = { negative: p('negative'), neutral: p('neutral'), positive: p('positive') };
    const label = (Object.keys(byLabel) as SentimentLabel[]).reduce((a, b) =>
      byLabel[b] > byLabel[a] ? b : a,
    );
    return { label, score: byLabel.positive - byLabel.negative, probs: byLabel };
  }

  /** The stock path: Transformers.js pipelines as documented, for comparison and measurement. */
  async classifyWithStockPipeline(inputs: ClassifyInput[]): Promise<TextScores[]> {
    const results: TextScores[] = [];
    const sentiment = this.sentiment
      ? ((await this.sentiment.pipeline(
          inputs.map((i) => i.text),
          { top_k: null },
        )) as unknown as { label: string; score: number }[][])
      : null;
    for (const [t, input] of inputs.entries()) {
      const hypotheses = this.hypotheses(languageOf(input));
      const stance = await this.stockProbs(input.text, hypotheses.slice(0, STANCE_LABELS.length));
      const framing = await this.stockProbs(
        input.text,
        hypotheses.slice(STANCE_LABELS.length, LENS_GROUP.length),
      );
      const probs = sentiment
        ? this.sentimentIdsToProbs(sentiment[t])
        : await this.stockProbs(input.text, hypotheses.slice(LENS_GROUP.length));
      results.push({
        stance: stanceScores(stance),
        framing: framingScores(framing),
        sentiment: this.sentimentScores(probs),
      });
    }
    return results;
  }

  /** Probabilities in the order of `hypotheses` (the pipeline returns them sorted by score). */
  private async stockProbs(text: string, hypotheses: string[]): Promise<number[]> {
    const out = (await this.nli.pipeline(text, hypotheses, {
      hypothesis_template: '{}',
      multi_label: false,
    })) as {
      labels: string[];
      scores: number[];
    };
    return hypotheses.map((h) => out.scores[out.labels.indexOf(h)]);
  }

  private sentimentIdsToProbs(scored: { label: string; score: number }[]): number[] {
    const labels = this.sentiment!.info.labels;
    return labels.map((label) => scored.find((s) => s.label === label)?.score ?? 0);
  }
}
