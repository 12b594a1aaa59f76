import type { ArticleScore, ArticleText, ScoreRepository } from './score.repository.js';
import type { ModelRepository } from './model.repository.js';
import { articlesClassified, classifyInferenceSeconds } from '../../metrics/src/index.js';
import { type Lens, completeHypotheses } from '../../lens/src/index.js';
import type { ModelInfo, LensScorer, ScoredText, StanceModels } from '../../nlp/src/index.js';

export interface ClassifyReport {
  lens: string;
  requested: number;
  /** Articles already scored by their model (a retried or repeated job) or no longer relevant. */
  skipped: number;
  scored: number;
  models: string[];
  durationMs: number;
}

/** A lens named in a job that the configuration does not have: retrying cannot help. */
export class UnknownLensError extends Error {}

/**
 * Scores a batch of articles for one lens and stores the scores with their trend rollups in one
 * statement, so a batch is stored whole or not at all, and a retried batch writes nothing twice.
 */
export class ArticleClassifier {
  private readonly recorded = new Set<string>();
  private readonly scorers = new Map<string, LensScorer>();

  constructor(
    private readonly deps: {
      scores: ScoreRepository;
      models: ModelRepository;
      stanceModels: StanceModels;
      lenses: Lens[];
    },
  ) {}

  /** `signal` aborts a batch given up on (its job's time limit): nothing is stored after that. */
  async classify(
    articleIds: number[],
    lensName: string,
    model: string | null,
    signal?: AbortSignal,
  ): Promise<ClassifyReport> {
    const started = Date.now();
    const lens = this.deps.lenses.find((candidate) => candidate.name === lensName);
    if (!lens)
      throw new UnknownLensError(
        `unknown lens "${lensName}" (configured: ${this.deps.lenses.map((l) => l.name).join(', ')})`,
      );
    const scorer = await this.scorer(lens, model);
    await this.recordModels([...scorer.models.nli, scorer.models.sentiment]);

    const articles = await this.deps.scores.toScore(articleIds, lens.name);
    const pending = articles.filter(
      (article) => !article.scoredBy.includes(scorer.modelFor(inputOf(article)).id),
    );
    const scored = pending.length ? await timed(() => scorer.score(pending.map(inputOf))) : [];
    const rows = pending.map((article, i) => scoreRow(article.id, lens.name, scored[i]));
    signal?.throwIfAborted();
    // Scores and the trend buckets they fall in change together, or not at all: one statement.
    const written = await this.deps.scores.insertScores(rows);
    countScores(lens.name, rows, written);
    return {
      lens: lens.name,
      requested: articleIds.length,
      skipped: articleIds.length - written,
      scored: written,
      models: [...new Set(scored.map((s) => s.model.id))],
      durationMs: Date.now() - started,
    };
  }

  /**
   * The lens's scorer for this model, built on the first job that needs it: a new one per job would
   * tokenize the lens's hypotheses again, a few milliseconds a batch. One that fails to build (a
   * model that cannot load) is not kept, so the next job tries again.
   */
  private async scorer(lens: Lens, model: string | null): Promise<LensScorer> {
    const key = JSON.stringify([lens.name, model]);
    let scorer = this.scorers.get(key);
    if (!scorer) {
      scorer = await this.deps.stanceModels.scorer(completeHypotheses(lens), model ?? undefined);
      this.scorers.set(key, scorer);
    }
    return scorer;
  }

  private async recordModels(models: ModelInfo[]): Promise<void> {
    for (const model of models) {
      // The models table lists what scores; an encoder only feeds a trained head.
      if (model.task === 'feature-extraction') continue;
      const key = `${model.task}:${model.id}`;
      if (this.recorded.has(key)) continue;
      await this.deps.models.recordLoaded({ ...model, task: model.task });
      this.recorded.add(key);
    }
  }
}

async function timed<T>(inference: () => Promise<T>): Promise<T> {
  const stop = classifyInferenceSeconds.startTimer();
  try {
    return await inference();
  } finally {
    stop();
  }
}

/**
 * The scores written, per model. When another worker wrote some of the same rows first (a batch
 * taken over), the statement says only how many were new, so they are counted in row order.
 */
function countScores(lens: string, rows: ArticleScore[], written: number): void {
  let left = written;
  const perModel = new Map<string, number>();
  for (const row of rows) perModel.set(row.model, (perModel.get(row.model) ?? 0) + 1);
  for (const [model, n] of perModel) {
    const counted = Math.min(n, left);
    if (counted > 0) articlesClassified.inc({ lens, model }, counted);
    left -= counted;
  }
}

/** What is scored: the title with the summary (the tokenizer truncates at the model's maximum length). */
export function articleText(article: Pick<ArticleText, 'title' | 'summary'>): string {
  const title = article.title?.trim() ?? '';
  const summary = article.summary?.trim() ?? '';
  if (!title || !summary) return title || summary;
  return /[.!?。！？…]$/u.test(title) ? `${title} ${summary}` : `${title}. ${summary}`;
}

function inputOf(article: ArticleText) {
  return { text: articleText(article), language: article.language ?? undefined };
}

function scoreRow(articleId: number, lens: string, scores: ScoredText): ArticleScore {
  return {
    articleId,
    lens,
    model: scores.model.id,
    modelRevision: scores.model.revision,
    stanceLabel: scores.stance.label,
    pSupportive: scores.stance.probs.supportive,
    pNeutral: scores.stance.probs.neutral,
    pCritical: scores.stance.probs.critical,
    stanceScore: clamp(scores.stance.score),
    sentimentModel: scores.sentimentModel.id,
    sentimentLabel: scores.sentiment.label,
    sentimentScore: clamp(scores.sentiment.score),
    pCooperation: scores.framing.probs.cooperation,
    pConflict: scores.framing.probs.conflict,
    framingScore: clamp(scores.framing.score),
    framingModel: scores.framingModel.id === scores.model.id ? null : scores.framingModel.id,
  };
}

// Differences of probabilities can leave [-1, 1] by a rounding error; the database refuses that.
const clamp = (value: number) => Math.max(-1, Math.min(1, value));
