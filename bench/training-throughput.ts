import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { STANCE_LABELS } from '../libs/lens/src/index.js';
import {
  loadModel,
  resolveModel,
  StanceModels,
  trainClassifier,
  type ClassifyInput,
  type LabelledExample,
} from '../libs/nlp/src/index.js';
import { BENCH_LENS, benchLensHypotheses, builtinModelSettings } from './bench-models.js';
import { figure, perSecond, timed, type Figure } from './stats.js';
import { benchArticles, classifyInputs } from './texts.js';

export interface TrainingBenchOptions {
  /** Labelled texts per training run: the figure is per 1,000 labels. */
  labels: number;
  /** Texts scored per run of the scoring figure. */
  scoringTexts: number;
  runs: number;
  cacheDir: string;
  progress: (line: string) => void;
}

/**
 * What `stancewatch train` costs, and what scoring with its result costs, on the built-in models:
 * training (embedding, nested 5-fold cross-validation, the final fit, writing the folder) against
 * one zero-shot pass of the built-in NLI model over the same texts; and the trained classifier's
 * texts per second through the classify path (its stance, the NLI model's framing and tone)
 * against the zero-shot path alone. The labels cycle through the three classes: the figures time
 * the work, they say nothing of accuracy (eval/stance-eval.jsonl and `train`'s own report do).
 */
export async function benchTraining(options: TrainingBenchOptions): Promise<{ figures: Figure[] }> {
  const { progress } = options;
  const modelRoot = mkdtempSync(join(os.tmpdir(), 'stancewatch-bench-trained-'));
  const settings = {
    ...builtinModelSettings(options.cacheDir, 1, 32),
    sentimentModel: 'nli',
    localDir: modelRoot,
  };
  const lens = benchLensHypotheses();
  const inputs = classifyInputs(benchArticles(options.labels, 20261204));
  const examples: LabelledExample[] = inputs.map((input, i) => ({
    text: input.text,
    label: STANCE_LABELS[i % 3],
    language: input.language ?? 'en',
  }));
  const models = new StanceModels(settings);
  const encoderOptions = await resolveModel('builtin', 'encoder', settings);
  const encoder = await loadModel('feature-extraction', encoderOptions);
  try {
    const zeroShot = await models.scorer(lens);
    const trainingMs: number[] = [];
    const zeroShotMs: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      progress(`training: ${options.labels} labels, run ${run + 1}/${options.runs}`);
      zeroShotMs.push(await timed(() => zeroShot.score(inputs)));
      trainingMs.push(
        await timed(() =>
          trainClassifier({
            name: `bench-${run}`,
            lens: BENCH_LENS,
            source: 'bench',
            examples,
            folds: 5,
            seed: 'bench',
            modelRoot,
            encoder: { model: encoder, options: encoderOptions },
          }),
        ),
      );
    }
    const per1k = (ms: number) => (ms / 1000) * (1000 / options.labels);
    const trained = await models.scorer(lens, 'trained/bench-0');
    const scoring: ClassifyInput[] = inputs.slice(0, options.scoringTexts);
    const trainedRate: number[] = [];
    const zeroShotRate: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      zeroShotRate.push(perSecond(scoring.length, await timed(() => zeroShot.score(scoring))));
      trainedRate.push(perSecond(scoring.length, await timed(() => trained.score(scoring))));
    }
    return {
      figures: [
        figure(
          'training.per1k',
          `train on 1,000 labels (built-in encoder; embed, nested 5-fold CV, fit, write; ${options.labels} labels timed)`,
          's',
          trainingMs.map(per1k),
          'one zero-shot pass of the built-in NLI model over the same texts',
          zeroShotMs.map(per1k),
        ),
        figure(
          'training.scoring',
          'a trained classifier scoring through the classify path (its stance; framing and tone by the NLI model)',
          'texts/s',
          trainedRate,
          'the zero-shot path alone (built-in NLI, tone by NLI)',
          zeroShotRate,
        ),
      ],
    };
  } finally {
    await encoder.dispose();
    await models.dispose();
    rmSync(modelRoot, { recursive: true, force: true });
  }
}
