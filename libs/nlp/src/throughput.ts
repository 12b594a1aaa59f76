import type { ClassifyInput, StanceClassifier } from './stance-classifier.js';

export interface ThroughputFigures {
  texts: number;
  stockTextsPerSecond: number;
  batched: { batchSize: number; textsPerSecond: number }[];
}

async function textsPerSecond(
  texts: ClassifyInput[],
  run: (texts: ClassifyInput[]) => Promise<unknown>,
): Promise<number> {
  await run(texts.slice(0, 8)); // warm the session and the tokenizer caches
  const start = process.hrtime.bigint();
  await run(texts);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return texts.length / seconds;
}

/**
 * Texts per second through the stock zero-shot pipeline and through the batched path, on the same
 * models and texts. Prints nothing and asserts nothing: the benchmark decides what to do with it.
 */
export async function measureThroughput(
  makeClassifier: (batchSize: number) => StanceClassifier,
  texts: ClassifyInput[],
  batchSizes: number[] = [8, 32, 64],
): Promise<ThroughputFigures> {
  const stock = makeClassifier(batchSizes[0] ?? 32);
  const stockTextsPerSecond = await textsPerSecond(texts, (t) => stock.classifyWithStockPipeline(t));
  const batched = [];
  for (const batchSize of batchSizes) {
    const classifier = makeClassifier(batchSize);
    batched.push({ batchSize, textsPerSecond: await textsPerSecond(texts, (t) => classifier.classify(t)) });
  }
  return { texts: texts.length, stockTextsPerSecond, batched };
}
