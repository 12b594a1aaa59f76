import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { ModelRepository } from './model.repository.js';
import { ScoreRepository } from './score.repository.js';
import { Lenses } from '../../lens/src/index.js';
import { configuredNliModelIds, NlpModule, StanceModels } from '../../nlp/src/index.js';
import { ClassifyProducer, QueueModule } from '../../queue/src/index.js';
import { ArticleClassifier } from './article-classifier.js';
import { ClassifyBacklog } from './classify-backlog.js';
import { ScoringModule } from './scoring.module.js';

/** The classify use case: the article classifier over the stance models, and the backlog sweeper. */
@Module({
  imports: [ScoringModule, NlpModule, QueueModule],
  providers: [
    {
      provide: ArticleClassifier,
      inject: [ScoreRepository, ModelRepository, StanceModels, Lenses],
      useFactory: (
        scores: ScoreRepository,
        models: ModelRepository,
        stanceModels: StanceModels,
        lenses: Lenses,
      ) =>
        new ArticleClassifier({
          scores,
          models,
          stanceModels,
          lenses: [...lenses.all],
        }),
    },
    {
      provide: ClassifyBacklog,
      inject: [AppConfig, ScoreRepository, ClassifyProducer, Lenses],
      useFactory: (config: AppConfig, scores: ScoreRepository, producer: ClassifyProducer, lenses: Lenses) =>
        new ClassifyBacklog({
          scores,
          producer,
          lensNames: lenses.names,
          modelIds: configuredNliModelIds(config.models),
          limit: 20 * config.models.batchSize,
        }),
    },
  ],
  exports: [NlpModule, ArticleClassifier, ClassifyBacklog],
})
export class ClassifyModule {}
