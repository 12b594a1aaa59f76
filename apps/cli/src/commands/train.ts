import type { StanceLabel } from '../../../../libs/lens/src/index.js';
import {
  checkExamples,
  loadModel,
  resolveModel,
  trainClassifier,
  newTrainedModelFolder,
  TrainingError,
  type LabelledExample,
  type LoadedModel,
  type TrainingReport,
} from '../../../../libs/nlp/src/index.js';
import { LabelRepository, trainingExamples } from '../../../../libs/scoring/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, printJson, UsageError, type CliIo } from '../cli-io.js';
import { chunks, readJsonLines, selectLens, withScorer } from './classify.js';
import { fixed, labelledText, row } from './eval.js';

export interface TrainArgs {
  lens?: string;
  name?: string;
  encoder?: string;
  file?: string;
  folds?: string;
  seed?: string;
  baseline?: string;
  annotator?: string;
  json?: boolean;
}

/** `--baseline none`: no zero-shot comparison (it costs a pass of the NLI model over every text). */
const NO_BASELINE = 'none';

function foldsOf(value: string | undefined): number {
  if (value === undefined) return 5;
  const folds = Number(value);
  if (!/^\d+$/.test(value) || folds < 2 || folds > 20)
    throw new UsageError(`--folds ${value}: give a whole number from 2 to 20`);
  return folds;
}

async function examplesFrom(
  ctx: CliContext,
  args: TrainArgs,
  lens: string,
): Promise<{ examples: LabelledExample[]; source: string }> {
  if (args.file) {
    if (args.annotator) throw new UsageError('--annotator goes with the stored labels, not with --file');
    const examples = (await readJsonLines(args.file)).map((line) => {
      const text = labelledText(args.file!, line);
      return { text: text.text, label: text.gold, language: text.language };
    });
    return { examples, source: `the labelled file ${args.file}` };
  }
  const { examples, disputed } = await trainingExamples(new LabelRepository(ctx.db), lens, args.annotator);
  // Each example carries its articleId: the trained model records them, and validation holds them out.
  const who = args.annotator ? `annotator ${args.annotator}'s labels` : "the annotators' majority labels";
  return {
    examples,
    source: `${who} of lens ${lens} in the archive (${examples.length} articles${disputed ? `, ${disputed} disputed left out` : ''})`,
  };
}

/** The zero-shot model's stance label of each text, through the same scorer as classify and eval. */
async function baselineLabels(
  ctx: CliContext,
  args: TrainArgs,
  lensName: string,
  examples: LabelledExample[],
  io: CliIo,
) {
  if (args.baseline === NO_BASELINE) return undefined;
  const lens = selectLens(ctx.config.lensesFile, lensName);
  return withScorer(ctx.config, lens, args.baseline, io, async (scorer) => {
    const predicted: StanceLabel[] = [];
    for (const batch of chunks(examples, 64)) {
      for (const scored of await scorer.score(batch)) predicted.push(scored.stance.label);
      io.stderr.write(`stancewatch: zero-shot baseline scored ${predicted.length}/${examples.length}\n`);
    }
    const { id, revision } = scorer.models.nli[0];
    return { model: { id, revision }, predicted };
  });
}

/**
 * `stancewatch train --lens L --name NAME [--encoder MODEL] [--file F.jsonl] [--folds 5] [--json]`:
 * a stance classifier from the gold labels (or a labelled file), on a frozen sentence encoder,
 * written to MODEL_LOCAL_DIR/trained/NAME. Every check that can fail runs before the encoder loads.
 */
export async function runTrain(ctx: CliContext, args: TrainArgs, io: CliIo): Promise<number> {
  if (!args.name) throw new UsageError('give --name NAME: the classifier becomes trained/NAME');
  const lens = selectLens(ctx.config.lensesFile, args.lens).name;
  const folds = foldsOf(args.folds);
  const settings = ctx.config.models;
  const modelRoot = settings.localDir;
  try {
    newTrainedModelFolder(modelRoot, args.name); // before anything loads; training checks again
    const { examples, source } = await examplesFrom(ctx, args, lens);
    checkExamples(examples, folds, lens);
    const baseline = await baselineLabels(ctx, args, lens, examples, io);
    const encoderName = args.encoder ?? settings.trainEncoder;
    const options = await resolveModel(encoderName, 'encoder', settings);
    let encoder: LoadedModel<'feature-extraction'>;
    try {
      encoder = await loadModel('feature-extraction', options);
    } catch (error) {
      throw new CommandError(
        `encoder ${encoderName} cannot load: ${(error as Error).message} (or give --encoder builtin to train offline)`,
      );
    }
    try {
      const report = await trainClassifier({
        name: args.name,
        lens,
        source,
        examples,
        folds,
        seed: args.seed ?? 'stancewatch',
        modelRoot,
        encoder: { model: encoder, options },
        baseline,
        log: (message) => io.stderr.write(`stancewatch: ${message}\n`),
      });
      if (args.json) printJson(io, report);
      else io.stdout.write(formatTraining(report));
    } finally {
      await encoder.dispose();
    }
  } catch (error) {
    if (error instanceof TrainingError) throw new UsageError(error.message);
    throw error;
  }
  return 0;
}

/** The report as plain text: where the model went, what it was trained on, its figures beside the zero-shot model's. */
export function formatTraining(report: TrainingReport): string {
  const languages = Object.keys(report.labels.byLanguage).sort();
  const widths = [44, 9, ...languages.map(() => 7), 9];
  const line = (name: string, figures: TrainingReport['crossValidated']['trained']) =>
    row(
      [
        name,
        fixed(figures.macroF1),
        ...languages.map((l) => (figures.byLanguage[l] ? fixed(figures.byLanguage[l].macroF1) : '-')),
        fixed(figures.accuracy),
      ],
      widths,
    );
  const { trained, baseline } = report.crossValidated;
  const lines = [
    `${report.model} · lens ${report.lens} · encoder ${report.encoder.id}@${report.encoder.revision} (${report.encoder.dtype}${report.encoder.builtin ? ', built-in' : ''})`,
    `${report.labels.total} labelled texts from ${report.source}`,
    `${report.folds}-fold cross-validation (penalty ${report.penalty.l2}, chosen inside each fold); embedding ${report.seconds.embedding.toFixed(1)} s, fitting ${report.seconds.fitting.toFixed(1)} s`,
    '',
    row(['model', 'macro-F1', ...languages, 'accuracy'], widths),
    line(`${report.model} (cross-validated)`, trained),
    ...(baseline ? [line(`${baseline.model.id} (zero-shot)`, baseline)] : []),
    '',
    `wrote ${report.folder}; score with it: stancewatch reclassify --model ${report.model}`,
  ];
  return `${lines.join('\n')}\n`;
}
