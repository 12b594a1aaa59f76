import type { ArticleScore } from '../../../../libs/scoring/src/index.js';

/** How the API shows one score of an article: the model that made it, stance, sentiment and framing, each with its model. */
export function scoreView(score: Omit<ArticleScore, 'articleId' | 'lens'>) {
  return {
    model: { id: score.model, revision: score.modelRevision },
    stance: {
      label: score.stanceLabel,
      score: score.stanceScore,
      probs: { supportive: score.pSupportive, neutral: score.pNeutral, critical: score.pCritical },
    },
    sentiment: { label: score.sentimentLabel, score: score.sentimentScore, model: score.sentimentModel },
    framing: {
      score: score.framingScore,
      probs: { cooperation: score.pCooperation, conflict: score.pConflict },
      model: score.framingModel ?? score.model,
    },
    classifiedAt: score.classifiedAt,
  };
}
