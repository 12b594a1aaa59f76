import {
  accuracyByGroup,
  evaluate,
  type Evaluation,
  type GroupAccuracy,
  type ModelRef,
} from '../../../../libs/nlp/src/index.js';
import {
  guessLanguage,
  isLanguage,
  STANCE_LABELS,
  type StanceLabel,
} from '../../../../libs/lens/src/index.js';
import { UsageError, type CliIo } from '../cli-io.js';
import {
  chunks,
  classifyInput,
  readJsonLines,
  selectLens,
  withScorer,
  type InputLine,
  type ScoringConfig,
} from './classify.js';

export interface EvalArgs {
  file: string;
  lens?: string;
  model?: string;
  json?: boolean;
}

interface LabelledText {
  text: string;
  language: string;
  gold: StanceLabel;
}

/** What `eval --json` prints. */
export interface EvalReport extends Evaluation<StanceLabel> {
  file: string;
  lens: string;
  models: { nli: ModelRef[]; sentiment: ModelRef };
  byLanguage: Record<string, GroupAccuracy>;
}

// Texts scored per progress line; the scorer batches within it by the configured batch size.
const PROGRESS_EVERY = 64;

/**
 * `stancewatch eval --file F.jsonl [--lens NAME] [--model ID] [--json]`: scores every labelled line
 * and compares the predicted stance with the gold one. Every line is checked before a model loads.
 */
export async function runEval(config: ScoringConfig, args: EvalArgs, io: CliIo): Promise<number> {
  const lens = selectLens(config.lensesFile, args.lens);
  const texts = (await readJsonLines(args.file)).map((line) => labelledText(args.file, line));
  if (texts.length === 0) throw new UsageError(`${args.file}: no labelled lines to evaluate`);
  const { predicted, models } = await withScorer(config, lens, args.model, io, async (scorer) => {
    const labels: StanceLabel[] = [];
    for (const batch of chunks(texts, PROGRESS_EVERY)) {
      for (const scored of await scorer.score(batch)) labels.push(scored.stance.label);
      io.stderr.write(`stancewatch: scored ${labels.length}/${texts.length}\n`);
    }
    const ref = ({ id, revision }: ModelRef) => ({ id, revision });
    return {
      predicted: labels,
      models: { nli: scorer.models.nli.map(ref), sentiment: ref(scorer.models.sentiment) },
    };
  });
  const pairs = texts.map((text, i) => ({ gold: text.gold, predicted: predicted[i], group: text.language }));
  const report: EvalReport = {
    file: args.file,
    lens: lens.name,
    models,
    ...evaluate(pairs, STANCE_LABELS),
    byLanguage: accuracyByGroup(pairs),
  };
  io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatReport(report));
  return 0;
}

export function labelledText(path: string, line: InputLine): LabelledText {
  const input = classifyInput(path, line);
  const label = line.value.label;
  if (typeof label !== 'string' || !(STANCE_LABELS as readonly string[]).includes(label)) {
    const given = label === undefined ? 'no "label" field' : `unknown label ${JSON.stringify(label)}`;
    throw new UsageError(`${path}:${line.line}: ${given}; expected one of ${STANCE_LABELS.join(', ')}`);
  }
  const language = input.language && isLanguage(input.language) ? input.language : guessLanguage(input.text);
  return { text: input.text, language, gold: label as StanceLabel };
}

export const fixed = (value: number) => value.toFixed(3);
export const row = (cells: string[], widths: number[]) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');

/** The report as a plain-text table for a terminal. */
export function formatReport(report: EvalReport): string {
  const { labels } = report;
  const nli = report.models.nli.map((m) => `${m.id}@${m.revision}`).join(', ');
  const lines = [
    `${report.file} · lens ${report.lens} · NLI model ${nli} · sentiment model ${report.models.sentiment.id}`,
    `${report.total} texts · accuracy ${fixed(report.accuracy)} (${report.correct}/${report.total}) · macro-F1 ${fixed(report.macroF1)}`,
    '',
  ];
  const metricWidths = [12, 9, 7, 7, 8];
  lines.push(row(['class', 'precision', 'recall', 'F1', 'support'], metricWidths));
  for (const label of labels) {
    const m = report.perClass[label];
    lines.push(
      row([label, fixed(m.precision), fixed(m.recall), fixed(m.f1), String(m.support)], metricWidths),
    );
  }
  lines.push('', 'confusion matrix (rows: gold label, columns: predicted label)');
  const matrixWidths = [12, ...labels.map((label) => Math.max(label.length, 5)), 6];
  lines.push(row(['gold \\ pred', ...labels, 'total'], matrixWidths));
  report.confusion.forEach((counts, g) => {
    const total = counts.reduce((sum, n) => sum + n, 0);
    lines.push(row([labels[g], ...counts.map(String), String(total)], matrixWidths));
  });
  lines.push('', 'accuracy by language');
  for (const [language, group] of Object.entries(report.byLanguage)) {
    lines.push(row([language, fixed(group.accuracy), `(${group.correct}/${group.total})`], [12, 9, 10]));
  }
  return `${lines.join('\n')}\n`;
}
