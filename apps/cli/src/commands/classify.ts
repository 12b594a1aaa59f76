import { readFile } from 'node:fs/promises';
import type { ModelSettings } from '../../../../libs/config/src/index.js';
import { defaultLens, loadLenses, type Lens, completeHypotheses } from '../../../../libs/lens/src/index.js';
import {
  BUILTIN,
  type ModelLogger,
  type ClassifyInput,
  StanceModels,
  type LensScorer,
  type ScoredText,
} from '../../../../libs/nlp/src/index.js';
import { CommandError, UsageError, type CliIo } from '../cli-io.js';

export interface ClassifyArgs {
  text?: string;
  file?: string;
  lens?: string;
  model?: string;
}

/** What the classify and eval commands need from the loaded configuration. */
export interface ScoringConfig {
  lensesFile: string;
  models: ModelSettings;
}

/** One line of a JSON Lines input file, with its 1-based line number for messages. */
export interface InputLine {
  line: number;
  value: Record<string, unknown>;
}

/**
 * `stancewatch classify [--lens NAME] [--model ID|builtin] (TEXT | --file F.jsonl)`: one JSON line per
 * text on stdout. The whole file is checked before any model loads, so a bad line costs no model load
 * and leaves no partial output.
 */
export async function runClassify(config: ScoringConfig, args: ClassifyArgs, io: CliIo): Promise<number> {
  if ((args.text === undefined) === (args.file === undefined)) {
    throw new UsageError('give either a TEXT or --file F.jsonl (one of the two)');
  }
  const lens = selectLens(config.lensesFile, args.lens);
  const inputs =
    args.file === undefined
      ? [{ text: args.text! }]
      : (await readJsonLines(args.file)).map((l) => classifyInput(args.file!, l));
  await withScorer(config, lens, args.model, io, async (scorer) => {
    for (const batch of chunks(inputs, 256)) {
      for (const scored of await scorer.score(batch))
        io.stdout.write(`${JSON.stringify(classifyOutput(scored))}\n`);
    }
  });
  return 0;
}

/** The line `classify` prints: the fields of the command's documented output, in that order. */
export function classifyOutput(scored: ScoredText) {
  const { stance, sentiment, framing, model } = scored;
  return {
    stance: { label: stance.label, score: stance.score, probs: stance.probs },
    sentiment: { label: sentiment.label, score: sentiment.score },
    framing: { score: framing.score },
    model: { id: model.id, revision: model.revision },
  };
}

/** The named lens, or the default one; an unknown name is a usage error listing the lenses there are. */
export function selectLens(lensesFile: string, name: string | undefined): Lens {
  let lenses: Lens[];
  try {
    lenses = loadLenses(lensesFile);
  } catch (error) {
    throw new CommandError((error as Error).message.replace(/\n\s*/g, ' '));
  }
  const lens = name === undefined ? defaultLens(lenses) : lenses.find((candidate) => candidate.name === name);
  if (lens) return lens;
  const available = lenses.map((candidate) => candidate.name).join(', ') || 'none';
  const problem = name === undefined ? `${lensesFile} marks no lens as default` : `unknown lens "${name}"`;
  throw new UsageError(`${problem}; available lenses: ${available} (choose one with --lens NAME)`);
}

/**
 * Loads the models, hands a scorer for the lens to `work`, and frees the models afterwards.
 * `--model builtin` means the built-in pair (NLI and sentiment), so that it runs with no network;
 * any other `--model` replaces only the NLI model.
 */
export async function withScorer<T>(
  config: ScoringConfig,
  lens: Lens,
  model: string | undefined,
  io: CliIo,
  work: (scorer: LensScorer) => Promise<T>,
): Promise<T> {
  const settings = model === BUILTIN ? { ...config.models, sentimentModel: BUILTIN } : config.models;
  const models = new StanceModels(settings, stderrLogger(io));
  try {
    return await work(await models.scorer(completeHypotheses(lens), model));
  } finally {
    await models.dispose();
  }
}

/** Model loading and download progress, one line each on stderr (stdout carries only results). */
function stderrLogger(io: CliIo): ModelLogger {
  return {
    info(message, fields = {}) {
      // Transformers.js reports reading local files as "downloads" too; only a start, a finish and
      // progress on sizeable files (a real download of weights) are worth a line.
      const sizeable = typeof fields.total === 'number' && fields.total >= 1_000_000;
      if (message.startsWith('model file') || (message === 'model download progress' && !sizeable)) return;
      const details = Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(' ');
      io.stderr.write(`stancewatch: ${message}${details ? ` (${details})` : ''}\n`);
    },
  };
}

/** Non-blank lines of a JSON Lines file, each a JSON object; a bad line is a usage error naming it. */
export async function readJsonLines(path: string): Promise<InputLine[]> {
  let body: string;
  try {
    body = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandError(`cannot read ${path} (${code ?? (error as Error).message})`);
  }
  const lines: InputLine[] = [];
  body.split(/\r?\n/).forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new UsageError(`${path}:${index + 1}: expected a JSON object such as {"text": "..."}`);
    }
    lines.push({ line: index + 1, value: value as Record<string, unknown> });
  });
  return lines;
}

/** `{"text", "language"?}` from a line; the language is only a hint (en, ru, zh; else guessed). */
export function classifyInput(path: string, { line, value }: InputLine): ClassifyInput {
  if (typeof value.text !== 'string' || value.text.trim() === '') {
    throw new UsageError(`${path}:${line}: expected a non-empty string "text" field`);
  }
  if (value.language !== undefined && typeof value.language !== 'string') {
    throw new UsageError(`${path}:${line}: "language" must be a string such as "en", "ru" or "zh"`);
  }
  return { text: value.text, language: value.language };
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
