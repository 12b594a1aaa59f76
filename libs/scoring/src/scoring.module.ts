import { Module } from '@nestjs/common';
import { repositoryProvider } from '../../db/src/index.js';
import { ArticleSearchRepository } from './article-search.repository.js';
import { ModelRepository } from './model.repository.js';
import { ScoreRepository } from './score.repository.js';

/** Scores, the models that made them, and articles listed with their scores: for the API, the CLI and the worker. */
@Module({
  providers: [
    repositoryProvider(ScoreRepository),
    repositoryProvider(ModelRepository),
    repositoryProvider(ArticleSearchRepository),
  ],
  exports: [ScoreRepository, ModelRepository, ArticleSearchRepository],
})
export class ScoringModule {}
