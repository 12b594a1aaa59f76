import { articleText } from '../libs/scoring/src/index.js';
import type { ClassifyInput } from '../libs/nlp/src/index.js';
import { VOCABULARY, type FeedLanguage, type Vocabulary, Prng } from '../libs/feedgen/src/index.js';

/** An article as ingestion stores it: a headline, a plain-text summary, a language. */
export interface BenchArticle {
  title: string;
  summary: string;
  language: FeedLanguage;
}

/**
 * Russia–China headlines with two-to-four-sentence summaries in English, Russian and Chinese (half,
 * three tenths, a fifth), from the feed generator's vocabulary. Deterministic: the same seed gives
 * the same articles on every machine.
 */
export function benchArticles(count: number, seed = 20250511): BenchArticle[] {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () => {
    const language = rng.pick<FeedLanguage>(['en', 'en', 'en', 'en', 'en', 'ru', 'ru', 'ru', 'zh', 'zh']);
    return article(rng, VOCABULARY[language], language);
  });
}

/** What the classifier scores for each article: the same text the worker builds from the row. */
export function classifyInputs(articles: BenchArticle[]): ClassifyInput[] {
  return articles.map((a) => ({ text: articleText(a), language: a.language }));
}

function article(rng: Prng, v: Vocabulary, language: FeedLanguage): BenchArticle {
  const a = rng.pick(v.actors);
  let b = rng.pick(v.actors);
  while (b === a) b = rng.pick(v.actors);
  const topic = rng.pick(v.topics);
  const title = rng.pick(v.headlines)(a, b, topic) + rng.pick(v.qualifiers)(rng.int(2, 240));
  const sentences = shuffled(rng, v.sentences)
    .slice(0, rng.int(2, 4))
    .map((sentence) => sentence(a, b, topic));
  return { title, summary: sentences.join(language === 'zh' ? '' : ' '), language };
}

function shuffled<T>(rng: Prng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
