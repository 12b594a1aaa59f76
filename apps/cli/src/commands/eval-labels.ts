import { STANCE_LABELS } from '../../../../libs/lens/src/index.js';
import { modelIdFor } from '../../../../libs/nlp/src/index.js';
import {
  heldOutFor,
  LabelRepository,
  validateModel,
  type ModelValidation,
  type ValidationFigures,
} from '../../../../libs/scoring/src/index.js';
import type { CliContext } from '../cli-context.js';
import { printJson, UsageError, type CliIo } from '../cli-io.js';
import { fixed, row } from './eval.js';

export interface EvalLabelsArgs {
  lens?: string;
  model?: string;
  annotator?: string;
  json?: boolean;
}

/** What `eval --labels --json` prints: the same object as GET /api/v1/validation. */
export type EvalLabelsReport = ModelValidation;

/**
 * `stancewatch eval --labels [--lens] [--model] [--annotator] [--json]`: the stored scores of a model
 * against the stored gold labels, as GET /api/v1/validation computes them. Nothing is scored anew:
 * `--model` names whose stored scores to validate (default: the configured NLI model).
 */
export async function runEvalOnLabels(ctx: CliContext, args: EvalLabelsArgs, io: CliIo): Promise<number> {
  const lens = args.lens ?? ctx.lenses.default?.name;
  if (!lens || !ctx.lenses.names.includes(lens))
    throw new UsageError(
      `unknown lens "${lens ?? ''}"; available lenses: ${ctx.lenses.names.join(', ')} (choose one with --lens NAME)`,
    );
  const model = args.model ?? modelIdFor(ctx.config.models.nliModel, 'nli');
  const baseline = modelIdFor(ctx.config.models.nliModel, 'nli');
  const heldOut = await heldOutFor(ctx.config.models.localDir, model, baseline);
  const { report, labels } = await validateModel(
    new LabelRepository(ctx.db),
    lens,
    model,
    args.annotator,
    heldOut,
  );
  if (labels === 0)
    throw new UsageError(
      `no labels for the lens ${lens}: add some with \`stancewatch labels import\` or PUT /api/v1/articles/:id/labels`,
    );
  if (args.json) printJson(io, report);
  else io.stdout.write(formatValidation(report));
  return 0;
}

const maybe = (value: number | null) => (value === null ? '-' : fixed(value));

function figuresLine(name: string, figures: ValidationFigures): string {
  const interval = figures.macroF1.ci95
    ? ` [${fixed(figures.macroF1.ci95[0])}, ${fixed(figures.macroF1.ci95[1])}]`
    : '';
  return row(
    [name, String(figures.n), maybe(figures.accuracy), `${maybe(figures.macroF1.value)}${interval}`],
    [12, 5, 9, 24],
  );
}

/** The validation as plain-text tables for a terminal. */
export function formatValidation(report: EvalLabelsReport): string {
  const who = report.annotator ? `annotator ${report.annotator}` : "every annotator's majority";
  const lines = [
    `lens ${report.lens} · model ${report.model} · gold labels: ${who}`,
    `${report.n} labelled articles scored · ${report.disputed} disputed (left out) · ${report.unscored} not scored by this model`,
    `accuracy ${maybe(report.accuracy)} (${report.correct}/${report.n}) · macro-F1 ${maybe(report.macroF1.value)}` +
      (report.macroF1.ci95
        ? ` (95% bootstrap ${fixed(report.macroF1.ci95[0])}–${fixed(report.macroF1.ci95[1])})`
        : ''),
    ...(report.heldOut
      ? [
          `held out: the ${report.heldOut.leftOut} labelled articles it was trained on are left out; on the same articles the zero-shot ${report.heldOut.baseline.model} has accuracy ${maybe(report.heldOut.baseline.accuracy)} · macro-F1 ${maybe(report.heldOut.baseline.macroF1)} (n ${report.heldOut.baseline.n})`,
        ]
      : []),
    '',
  ];
  const widths = [12, 9, 7, 7, 8];
  lines.push(row(['class', 'precision', 'recall', 'F1', 'support'], widths));
  for (const label of STANCE_LABELS) {
    const m = report.perClass[label];
    lines.push(row([label, fixed(m.precision), fixed(m.recall), fixed(m.f1), String(m.support)], widths));
  }
  lines.push('', 'confusion matrix (rows: gold label, columns: predicted label)');
  const matrixWidths = [12, ...STANCE_LABELS.map((label) => label.length)];
  lines.push(row(['gold \\ pred', ...STANCE_LABELS], matrixWidths));
  for (const gold of STANCE_LABELS)
    lines.push(
      row(
        [gold, ...STANCE_LABELS.map((predicted) => String(report.confusion[gold][predicted]))],
        matrixWidths,
      ),
    );
  lines.push('', row(['by language', 'n', 'accuracy', 'macro-F1 [95%]'], [12, 5, 9, 24]));
  for (const [language, figures] of Object.entries(report.byLanguage))
    lines.push(figuresLine(language, figures));
  lines.push('', row(['by kind', 'n', 'accuracy', 'macro-F1 [95%]'], [12, 5, 9, 24]));
  for (const [kind, figures] of Object.entries(report.byKind)) lines.push(figuresLine(kind, figures));
  const { calibration, agreement } = report;
  lines.push(
    '',
    `calibration: expected calibration error ${maybe(calibration.ece)} · Brier score ${maybe(calibration.brier)}`,
    agreement.alpha === null
      ? `agreement: ${agreement.reason}`
      : `agreement: Krippendorff's alpha ${fixed(agreement.alpha)} over ${agreement.units} articles labelled by two or more (${agreement.values} labels)`,
    `models with scores of labelled articles: ${report.models.map((m) => `${m.model} (${m.scored})`).join(', ') || 'none'}`,
  );
  return `${lines.join('\n')}\n`;
}
