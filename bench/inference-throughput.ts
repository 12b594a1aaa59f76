import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  loadModel,
  resolveModel,
  StanceClassifier,
  type ClassifyInput,
  type LoadedModel,
} from '../libs/nlp/src/index.js';
import { FRAMING_LABELS, STANCE_LABELS, type LensHypotheses } from '../libs/lens/src/index.js';
import { benchLensHypotheses, builtinModelSettings } from './bench-models.js';
import { figure, perSecond, summarize, timed, type Figure, type Spread } from './stats.js';

export interface InferenceBenchOptions {
  inputs: ClassifyInput[];
  runs: number;
  batchSizes: number[];
  threads: number[];
  /** Where the built-in models are generated and read from. */
  cacheDir: string;
  progress: (line: string) => void;
}

export interface BatchedDetails {
  batchSize: number;
  textsPerSecond: Spread;
  /** Event-loop delay while `classify` ran (ms): what a lock renewal timer would have waited. */
  loopDelayP99Ms: Spread;
  loopDelayMaxMs: Spread;
}

export interface InferenceDetails {
  texts: number;
  runs: number;
  byThreads: { threads: number; stockTextsPerSecond: Spread; batched: BatchedDetails[] }[];
  /**
   * One batched call, split as `classify` does it (ms, medians): the NLI model's inputs for its
   * (premise, hypothesis) pairs vs the ONNX session, and the sentiment model's inputs.
   */
  split: {
    batchSize: number;
    pairs: number;
    /** The NLI inputs: each text tokenized once (`textIdsMs`), then every pair built from ids (`pairInputsMs`). */
    tokenizeMs: number;
    textIdsMs: number;
    pairInputsMs: number;
    modelMs: number;
    /** The sentiment model's inputs: from the same ids when it tokenizes alike, else its tokenizer on the texts. */
    sentimentTokenizeMs: number;
    classifyMs: number;
  };
}

type NliModel = LoadedModel<'zero-shot-classification'>;
type SentimentModel = LoadedModel<'text-classification'>;

const STOCK = (threads: number) => `stock zero-shot pipeline, ${threads} thread${threads > 1 ? 's' : ''}`;

/**
 * Texts per second of the batched path (`classify`) against the stock zero-shot pipeline
 * (`classifyWithStockPipeline`) on the same built-in models and texts, per batch size and ONNX
 * Runtime thread count, with the event-loop delay during the batched runs.
 */
export async function benchInference(
  opts: InferenceBenchOptions,
): Promise<{ figures: Figure[]; details: InferenceDetails }> {
  const lens = benchLensHypotheses();
  const figures: Figure[] = [];
  const byThreads: InferenceDetails['byThreads'] = [];
  let split: InferenceDetails['split'] | undefined;
  for (const threads of opts.threads) {
    const settings = builtinModelSettings(opts.cacheDir, threads, 32);
    const nli = await loadModel('zero-shot-classification', await resolveModel('builtin', 'nli', settings));
    const sentiment = await loadModel(
      'text-classification',
      await resolveModel('builtin', 'sentiment', settings),
    );
    try {
      const result = await measureThreads(opts, threads, nli, sentiment, lens);
      byThreads.push(result.details);
      figures.push(...result.figures);
      split ??= await measureSplit(opts.inputs, nli, sentiment, lens, 32);
    } finally {
      await nli.dispose();
      await sentiment.dispose();
    }
  }
  return { figures, details: { texts: opts.inputs.length, runs: opts.runs, byThreads, split: split! } };
}

async function measureThreads(
  opts: InferenceBenchOptions,
  threads: number,
  nli: NliModel,
  sentiment: SentimentModel,
  lens: LensHypotheses,
): Promise<{ figures: Figure[]; details: InferenceDetails['byThreads'][number] }> {
  const { inputs, batchSizes } = opts;
  const classifiers = batchSizes.map(
    (batchSize) => new StanceClassifier(nli, sentiment, lens, { batchSize }),
  );
  const stock: number[] = [];
  const batched = batchSizes.map(() => ({ rate: [] as number[], p99: [] as number[], max: [] as number[] }));
  for (let run = -1; run < opts.runs; run += 1) {
    const texts = run < 0 ? inputs.slice(0, 64) : inputs; // a short warm-up of every session and path
    const stockRun = async () =>
      perSecond(texts.length, await timed(() => classifiers[0].classifyWithStockPipeline(texts)));
    const stockFirst = run % 2 === 0; // alternate, so neither side always runs on a warmer machine
    const stockRate = stockFirst ? await stockRun() : 0;
    const rates = [];
    for (const classifier of classifiers) rates.push(await batchedRun(classifier, texts));
    const lastStock = stockFirst ? stockRate : await stockRun();
    if (run < 0) continue;
    stock.push(lastStock);
    rates.forEach((r, i) => {
      batched[i].rate.push(r.textsPerSecond);
      batched[i].p99.push(r.p99Ms);
      batched[i].max.push(r.maxMs);
    });
    opts.progress(
      `inference threads=${threads} run ${run + 1}/${opts.runs}: stock ${Math.round(lastStock)} texts/s, batched ${rates.map((r) => Math.round(r.textsPerSecond)).join('/')} texts/s (batch ${batchSizes.join('/')})`,
    );
  }
  const figures = batchSizes.map((batchSize, i) =>
    figure(
      `inference.t${threads}.b${batchSize}`,
      `batched zero-shot (classify), batch ${batchSize}, ${threads} ORT thread${threads > 1 ? 's' : ''}`,
      'texts/s',
      batched[i].rate,
      STOCK(threads),
      stock,
    ),
  );
  return {
    figures,
    details: {
      threads,
      stockTextsPerSecond: summarize(stock),
      batched: batchSizes.map((batchSize, i) => ({
        batchSize,
        textsPerSecond: summarize(batched[i].rate),
        loopDelayP99Ms: summarize(batched[i].p99),
        loopDelayMaxMs: summarize(batched[i].max),
      })),
    },
  };
}

async function batchedRun(
  classifier: StanceClassifier,
  texts: ClassifyInput[],
): Promise<{ textsPerSecond: number; p99Ms: number; maxMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const ms = await timed(() => classifier.classify(texts));
  loop.disable();
  return {
    textsPerSecond: perSecond(texts.length, ms),
    p99Ms: loop.percentile(99) / 1e6,
    maxMs: loop.max / 1e6,
  };
}

/**
 * Where a batched call's time goes: the steps of `classify` timed one by one on the same
 * classifier (texts to ids, pair inputs from ids, the NLI session, sentiment inputs), then the whole
 * call; medians over the batches of the texts.
 */
async function measureSplit(
  inputs: ClassifyInput[],
  nli: NliModel,
  sentiment: SentimentModel,
  lens: LensHypotheses,
  batchSize: number,
): Promise<InferenceDetails['split']> {
  const classifier = new StanceClassifier(nli, sentiment, lens, { batchSize });
  const { tokenizer, model } = nli.pipeline;
  const ids = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  const textIds: number[] = [];
  const pairInputs: number[] = [];
  const session: number[] = [];
  const whole: number[] = [];
  const sentimentInputs: number[] = [];
  classifier.encodePairs(inputs.slice(0, 1), [ids(inputs[0].text)]); // the hypotheses' ids are kept from here on
  for (let start = 0; start + batchSize <= inputs.length; start += batchSize) {
    const batch = inputs.slice(start, start + batchSize);
    const texts = batch.map((input) => input.text);
    let encodedTexts: number[][] = [];
    textIds.push(await timed(() => (encodedTexts = texts.map(ids))));
    let encoded: unknown;
    pairInputs.push(await timed(() => (encoded = classifier.encodePairs(batch, encodedTexts))));
    session.push(await timed(() => model(encoded as Parameters<typeof model>[0])));
    sentimentInputs.push(await timed(() => classifier.encodeTexts(texts, encodedTexts)));
    whole.push(await timed(() => classifier.classify(batch)));
  }
  const textIdsMs = summarize(textIds).median;
  const pairInputsMs = summarize(pairInputs).median;
  return {
    batchSize,
    pairs: batchSize * (STANCE_LABELS.length + FRAMING_LABELS.length),
    tokenizeMs: textIdsMs + pairInputsMs,
    textIdsMs,
    pairInputsMs,
    modelMs: summarize(session).median,
    sentimentTokenizeMs: summarize(sentimentInputs).median,
    classifyMs: summarize(whole).median,
  };
}
