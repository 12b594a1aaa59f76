import { Module } from '@nestjs/common';
import { repositoryProvider } from '../../db/src/index.js';
import { ArticleSearchRepository } from './article-search.repository.js';
import { LabelRepository } from './label.repository.js';
import { ModelRepository } from './model.repository.js';
import { ScoreRepository } from './score.repository.js';

/** Scores, the models that made them, articles listed with their scores, and gold labels: for the API, the CLI and the worker. */
@Module({
  providers: [
    repositoryProvider(ScoreRepository),
    repositoryProvider(ModelRepository),
    repositoryProvider(ArticleSearchRepository),
    repositoryProvider(LabelRepository),
  ],
  exports: [ScoreRepository, ModelRepository, ArticleSearchRepository, LabelRepository],
})
export class ScoringModule {}
