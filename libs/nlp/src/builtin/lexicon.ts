import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../../../lens/src/index.js';

/** Polarity of a word in a premise (the text being scored): stance, framing, tone, each in [-1, 1]. */
export type PremiseWeights = readonly [stance: number, framing: number, tone: number];
/** What a word asks for in a hypothesis: stance, framing, tone direction and a "neutral" marker. */
export type HypothesisWeights = readonly [stance: number, framing: number, tone: number, neutral: number];

export interface LexiconFile {
  language: string;
  premise: Record<string, PremiseWeights>;
  hypothesis: Record<string, HypothesisWeights>;
  guards: string[];
}

export interface BuiltinParameters {
  version: number;
  modelMaxLength: number;
  sharpness: number;
  agreement: number;
  neutrality: number;
  neutralThreshold: number;
  neutralLogit: number;
  neutralityAxisWeights: [number, number, number];
  directiveFloor: number;
  cjkWordWeight: number;
}

export interface BuiltinData {
  lexicons: LexiconFile[];
  parameters: BuiltinParameters;
  /** The raw bytes of every data file, in a fixed order, for the content stamp. */
  sources: string[];
}

/**
 * The data folder sits at libs/nlp/data in the repository; a compiled copy runs from
 * dist/libs/nlp/src/builtin, so look beside the source first, then back in the repository.
 */
export function defaultDataDir(): string {
  const candidates = ['../../data', '../../../../../libs/nlp/data'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  const found = candidates.find((dir) => existsSync(join(dir, 'builtin-model.json')));
  if (!found) throw new Error(`built-in model data not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The text normalisation of the generated tokenizer (BertNormalizer: lowercase, strip accents). */
export function normalizeToken(token: string): string {
  return token
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '');
}

export function loadBuiltinData(dataDir: string = defaultDataDir()): BuiltinData {
  const sources: string[] = [];
  const read = (file: string): unknown => {
    const text = readFileSync(join(dataDir, file), 'utf8');
    sources.push(text);
    return JSON.parse(text);
  };
  const parameters = read('builtin-model.json') as BuiltinParameters;
  const lexicons = LANGUAGES.map((lang) => checkLexicon(read(`lexicon/${lang}.json`) as LexiconFile, lang));
  return { lexicons, parameters, sources };
}

function checkLexicon(lexicon: LexiconFile, file: string): LexiconFile {
  const bad = (what: string) => new Error(`lexicon ${file}: ${what}`);
  for (const [token, weights] of Object.entries(lexicon.premise ?? {})) {
    if (weights.length !== 3 || weights.some((w) => Math.abs(w) > 1))
      throw bad(`premise "${token}" needs 3 weights in [-1, 1]`);
  }
  for (const [token, weights] of Object.entries(lexicon.hypothesis ?? {})) {
    if (weights.length !== 4 || weights.some((w) => Math.abs(w) > 1))
      throw bad(`hypothesis "${token}" needs 4 weights in [-1, 1]`);
  }
  return { ...lexicon, guards: lexicon.guards ?? [] };
}
