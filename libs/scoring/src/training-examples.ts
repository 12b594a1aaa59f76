import { guessLanguage, isLanguage, type StanceLabel } from '../../lens/src/index.js';
import { articleText } from './article-classifier.js';
import { goldLabels } from './gold-labels.js';
import type { LabelRepository } from './label.repository.js';

export interface TrainingExample {
  articleId: number;
  text: string;
  label: StanceLabel;
  language: string;
}

export interface TrainingExamples {
  examples: TrainingExample[];
  /** Labelled articles whose annotators tie: left out, as validation leaves them out. */
  disputed: number;
}

/**
 * The gold set of a lens as texts to train on: each labelled article's majority label (or one
 * annotator's), with the text the classifier scores (title and summary) and the article's language
 * (guessed from the text when the feed gives none).
 */
export async function trainingExamples(
  labels: LabelRepository,
  lens: string,
  annotator?: string,
): Promise<TrainingExamples> {
  const [rows, texts] = await Promise.all([labels.forLens(lens), labels.textsOfLabelled(lens)]);
  const { gold, disputed } = goldLabels(rows, annotator);
  const examples: TrainingExample[] = [];
  for (const article of texts) {
    const label = gold.get(article.articleId);
    if (!label) continue;
    const text = articleText(article);
    const language =
      article.language && isLanguage(article.language) ? article.language : guessLanguage(text);
    examples.push({ articleId: article.articleId, text, label, language });
  }
  return { examples, disputed: disputed.length };
}
