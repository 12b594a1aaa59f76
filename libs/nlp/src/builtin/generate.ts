import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeModelFolder } from '../model-folder.js';
import {
  BUILTIN_ENCODER_MODEL,
  BUILTIN_NLI_DEBERTA_MODEL,
  BUILTIN_NLI_MODEL,
  BUILTIN_SENTIMENT_MODEL,
  ENCODER_DIMS,
  ENCODER_MAX_LENGTH,
} from './builtin-ids.js';
import type { WeightFormat } from './graphs.js';
import {
  encoderConfigJson,
  modelConfigJson,
  NLI_LABELS,
  SENTIMENT_LABELS,
  specialTokensMapJson,
  tokenizerConfigJson,
  tokenizerJson,
  unigramTokenizerJson,
  type ModelFamily,
} from './hf-files.js';
import { loadBuiltinData, type BuiltinData } from './lexicon.js';
import { buildVocabulary, EMBEDDING_DIMS, unigramVocabulary, type Vocabulary } from './vocabulary.js';

/** Bump when the generator's output changes for the same data, so stale folders are rebuilt. */
const GENERATOR_VERSION = 4;

/** dtype → file, as Transformers.js names them. Both hold the same graph; q8 stores the table in int8. */
const WEIGHT_FILES: Record<WeightFormat, string> = { fp32: 'model.onnx', q8: 'model_quantized.onnx' };

export interface BuiltinModels {
  /** The folder to use as the loader's `localModelPath`. */
  root: string;
  nliDir: string;
  sentimentDir: string;
  encoderDir: string;
  contentHash: string;
}

export interface GenerateOptions {
  /** Where the lexicons and parameters live; defaults to libs/nlp/data. */
  dataDir?: string;
}

function contentHash(data: BuiltinData): string {
  const hash = createHash('sha256').update(`generator:${GENERATOR_VERSION}\n`);
  for (const source of data.sources) hash.update(source).update('\n');
  return hash.digest('hex').slice(0, 16);
}

interface ModelSpec {
  name: string;
  family: ModelFamily;
  /** Empty for the encoder, which has no head. */
  labels: readonly string[];
  description: string;
  graph: (vocab: Vocabulary, data: BuiltinData, format: WeightFormat) => Promise<Uint8Array>;
}

/** The ONNX writer (onnx-proto, protobufjs) only when models are generated, not in every process that imports libs/nlp. */
const graphs = () => import('./graphs.js');

const MODELS: ModelSpec[] = [
  {
    name: BUILTIN_NLI_MODEL,
    family: 'bert',
    labels: NLI_LABELS,
    description:
      'stancewatch built-in zero-shot NLI model: lexicon-seeded word embeddings (EN/RU/ZH), premise and hypothesis mean-pooled separately and compared. Not a trained transformer; for tests, CI and offline demos.',
    graph: async (vocab, data, format) => (await graphs()).buildNliGraph(vocab, data.parameters, format),
  },
  {
    name: BUILTIN_NLI_DEBERTA_MODEL,
    family: 'deberta-v2',
    labels: NLI_LABELS,
    description:
      'stancewatch built-in zero-shot NLI model in the DeBERTa-v2 layout (SentencePiece Unigram tokenizer, no token_type_ids), the tokenizer family of mDeBERTa: the same lexicon-seeded head as stancewatch-builtin-nli. Not a trained transformer; for tests, CI and offline demos.',
    graph: async (vocab, data, format) =>
      (await graphs()).buildNliGraph(vocab, data.parameters, format, 'deberta-v2'),
  },
  {
    name: BUILTIN_SENTIMENT_MODEL,
    family: 'bert',
    labels: SENTIMENT_LABELS,
    description:
      'stancewatch built-in sentiment model: mean tone of lexicon words (EN/RU/ZH). Not a trained transformer; for tests, CI and offline demos.',
    graph: async (vocab, data, format) =>
      (await graphs()).buildSentimentGraph(vocab, data.parameters, format),
  },
  {
    name: BUILTIN_ENCODER_MODEL,
    family: 'bert',
    labels: [],
    description:
      'stancewatch built-in sentence encoder: hashed token, token-bigram and token-trigram embeddings (EN/RU/ZH characters and lexicon words), mean-pooled by the feature-extraction pipeline. Not a trained transformer; what train --encoder builtin embeds texts with, for tests, CI and offline demos.',
    graph: async (vocab, _data, format) => (await import('./encoder.js')).buildEncoderGraph(vocab, format),
  },
];

async function writeModel(
  dir: string,
  spec: ModelSpec,
  wordPieces: Vocabulary,
  data: BuiltinData,
  hash: string,
) {
  const json = (value: object) => JSON.stringify(value, null, 1) + '\n';
  const encoder = spec.labels.length === 0;
  const maxLength = encoder ? ENCODER_MAX_LENGTH : data.parameters.modelMaxLength;
  const vocab = spec.family === 'bert' ? wordPieces : unigramVocabulary(wordPieces);
  const tokenizer = spec.family === 'bert' ? tokenizerJson(vocab) : unigramTokenizerJson(vocab);
  const meta = {
    name: spec.name,
    vocabSize: vocab.tokens.length,
    hiddenSize: EMBEDDING_DIMS,
    modelMaxLength: maxLength,
    description: spec.description,
    contentHash: hash,
  };
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFile(join(dir, 'tokenizer_config.json'), json(tokenizerConfigJson(maxLength, spec.family)));
  await writeFile(join(dir, 'special_tokens_map.json'), json(specialTokensMapJson()));
  await writeFile(
    join(dir, 'config.json'),
    json(
      encoder
        ? encoderConfigJson({ ...meta, hiddenSize: ENCODER_DIMS })
        : modelConfigJson({ ...meta, labels: spec.labels }, spec.family),
    ),
  );
  for (const [format, file] of Object.entries(WEIGHT_FILES) as [WeightFormat, string][]) {
    await writeFile(join(dir, 'onnx', file), await spec.graph(vocab, data, format));
  }
}

/**
 * Generates both built-in models under `root` (deterministically: the same data gives the same
 * bytes). `root` is what the model loader takes as `localModelPath`.
 */
export async function generateBuiltinModels(
  root: string,
  options: GenerateOptions = {},
): Promise<BuiltinModels> {
  const data = loadBuiltinData(options.dataDir);
  const vocab = buildVocabulary(data);
  const hash = contentHash(data);
  await mkdir(root, { recursive: true });
  for (const spec of MODELS) {
    await writeModelFolder(join(root, spec.name), (dir) => writeModel(dir, spec, vocab, data, hash), {
      replace: true,
    });
  }
  return {
    root,
    nliDir: join(root, BUILTIN_NLI_MODEL),
    sentimentDir: join(root, BUILTIN_SENTIMENT_MODEL),
    encoderDir: join(root, BUILTIN_ENCODER_MODEL),
    contentHash: hash,
  };
}

async function generatedHash(dir: string): Promise<string | undefined> {
  try {
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    return config?.stancewatch?.content_hash;
  } catch {
    return undefined;
  }
}

/** Generates the built-in models only when missing or made from other data (start-up and tests). */
export async function ensureBuiltinModels(
  root: string,
  options: GenerateOptions = {},
): Promise<BuiltinModels & { generated: boolean }> {
  const expected = contentHash(loadBuiltinData(options.dataDir));
  const hashes = await Promise.all(MODELS.map((spec) => generatedHash(join(root, spec.name))));
  if (hashes.every((h) => h === expected)) {
    return {
      root,
      nliDir: join(root, BUILTIN_NLI_MODEL),
      sentimentDir: join(root, BUILTIN_SENTIMENT_MODEL),
      encoderDir: join(root, BUILTIN_ENCODER_MODEL),
      contentHash: expected,
      generated: false,
    };
  }
  return { ...(await generateBuiltinModels(root, options)), generated: true };
}

export { BUILTIN_ENCODER_MODEL, BUILTIN_NLI_DEBERTA_MODEL, BUILTIN_NLI_MODEL, BUILTIN_SENTIMENT_MODEL };
