import { STANCE_LABELS } from '../../../lens/src/index.js';
import type { CrossValidatedFigures, TrainingReport } from './train-classifier.js';

const f3 = (value: number) => value.toFixed(3);

function figureRows(name: string, figures: CrossValidatedFigures, languages: string[]): string {
  const cells = languages.map((language) => {
    const group = figures.byLanguage[language];
    return group ? f3(group.macroF1) : '–';
  });
  return `| ${name} | ${f3(figures.macroF1)} | ${cells.join(' | ')} | ${f3(figures.accuracy)} |`;
}

/** README.md of a trained classifier: what it was trained on, from what, and how well it did. */
export function modelCard(report: TrainingReport): string {
  const languages = Object.keys(report.labels.byLanguage).sort();
  const { trained, baseline } = report.crossValidated;
  const classes = STANCE_LABELS.map((label) => `${label} ${report.labels.byClass[label] ?? 0}`).join(', ');
  const perLanguage = languages.map((l) => `${l} ${report.labels.byLanguage[l]}`).join(', ');
  const lines = [
    `# ${report.model}`,
    '',
    `A stance classifier for the stancewatch lens **${report.lens}**, trained by \`stancewatch train\` on ${report.trainedAt.slice(0, 10)}.`,
    `It scores a text's stance as probabilities of ${STANCE_LABELS.join(', ')}.`,
    '',
    '## How it was made',
    '',
    `- Encoder (frozen): \`${report.encoder.id}\` at revision \`${report.encoder.revision}\` (${report.encoder.dtype})${report.encoder.builtin ? ', the built-in hashed n-gram encoder: a stand-in for tests and offline demos, not a language model' : ''}.`,
    "- Features: the encoder's token states mean-pooled over the attention mask and L2-normalised.",
    `- Head: multinomial logistic regression, classes weighted to balance, L2 penalty ${report.penalty.l2} chosen by cross-validated macro-F1 from ${report.penalty.grid.join(', ')}.`,
    `- Training data: ${report.source}; ${report.labels.total} labelled texts (${classes}; ${perLanguage}).`,
    '- One ONNX graph holds encoder, pooling and head, so `pipeline("text-classification")` of Transformers.js loads the folder as it is.',
    '',
    '## How well it did',
    '',
    `${report.folds}-fold cross-validation stratified by label and language (seed \`${report.seed}\`), the penalty chosen inside each training part, every text predicted once by a head that did not see it; the zero-shot row is the configured NLI model on the same texts.`,
    '',
    `| model | macro-F1 | ${languages.map((l) => `macro-F1 ${l}`).join(' | ')} | accuracy |`,
    `| --- | ---: | ${languages.map(() => '---:').join(' | ')} | ---: |`,
    figureRows(`${report.model} (cross-validated)`, trained, languages),
    ...(baseline ? [figureRows(`${baseline.model.id} (zero-shot)`, baseline, languages)] : []),
    '',
    `Macro-F1 per fold: ${trained.perFold.map(f3).join(', ')}. With a few dozen labels per class, differences of a few points are noise.`,
    '',
    '## Use',
    '',
    `Keep this folder under \`MODEL_LOCAL_DIR/trained/\` on every machine that scores with it (copy the folder, or push it to a model hub and use that id), then \`stancewatch reclassify --model ${report.model}\`. Scores record \`${report.model}\` as their model.`,
    '',
  ];
  return lines.join('\n');
}
