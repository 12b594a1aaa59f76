import { STANCE_LABELS, type StanceLabel } from '../../lens/src/index.js';
import type { LoadedModel } from './model-loader.js';
import type { TextScores } from './stance-classifier.js';

/**
 * Stance from a sequence classifier over the stance labels (a `stancewatch train` model, or any
 * text-classification model whose labels are supportive, neutral and critical): its probabilities
 * are the stance probabilities. Framing and sentiment stay with the NLI model.
 */
export class TrainedStance {
  constructor(
    private readonly model: LoadedModel<'text-classification'>,
    private readonly batchSize: number,
  ) {
    const labels = [...model.info.labels].sort();
    if (labels.join() !== [...STANCE_LABELS].sort().join()) {
      throw new Error(
        `model ${model.info.id} is not a stance classifier: its labels are ${model.info.labels.join(', ')}, not ${STANCE_LABELS.join(', ')} (train one with stancewatch train)`,
      );
    }
  }

  get info() {
    return this.model.info;
  }

  async stance(texts: string[]): Promise<TextScores['stance'][]> {
    const out: TextScores['stance'][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      const scored = (await this.model.pipeline(batch, { top_k: null })) as unknown as
        { label: string; score: number }[][] | { label: string; score: number }[];
      // One text comes back as its list of labels, several as a list of lists.
      const rows =
        batch.length === 1 && !Array.isArray(scored[0])
          ? [scored as { label: string; score: number }[]]
          : (scored as { label: string; score: number }[][]);
      for (const labels of rows) out.push(stanceOf(labels));
    }
    return out;
  }
}

function stanceOf(labels: { label: string; score: number }[]): TextScores['stance'] {
  const probs = Object.fromEntries(STANCE_LABELS.map((l) => [l, 0])) as Record<StanceLabel, number>;
  for (const { label, score } of labels) probs[label as StanceLabel] = score;
  const label = STANCE_LABELS.reduce((best, l) => (probs[l] > probs[best] ? l : best), STANCE_LABELS[0]);
  return { label, probs, score: probs.supportive - probs.critical };
}
