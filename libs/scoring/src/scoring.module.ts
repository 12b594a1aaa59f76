import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { ModelRepository, ScoreRepository } from '../../db/src/index.js';
import { loadLenses } from '../../lens/src/index.js';
import { configuredNliModelIds, NlpModule, StanceModels } from '../../nlp/src/index.js';
import { ClassifyProducer, QueueModule } from '../../queue/src/index.js';
import { TrendRollupRepository, TrendsModule } from '../../trends/src/index.js';
import { ArticleClassifier } from './article-classifier.js';
import { ClassifyBacklog } from './classify-backlog.js';

/** The classify use case: the article classifier over the stance models, and the backlog sweeper. */
@Module({
  imports: [NlpModule, QueueModule, TrendsModule],
  providers: [
    {
      provide: ArticleClassifier,
      inject: [AppConfig, ScoreRepository, ModelRepository, StanceModels, TrendRollupRepository],
      useFactory: (
        config: AppConfig,
        scores: ScoreRepository,
        models: ModelRepository,
        stanceModels: StanceModels,
        rollups: TrendRollupRepository,
      ) =>
        new ArticleClassifier({
          scores,
          rollups,
          models,
          stanceModels,
          lenses: loadLenses(config.lensesFile),
        }),
    },
    {
      provide: ClassifyBacklog,
      inject: [AppConfig, ScoreRepository, ClassifyProducer],
      useFactory: (config: AppConfig, scores: ScoreRepository, producer: ClassifyProducer) =>
        new ClassifyBacklog({
          scores,
          producer,
          lensNames: loadLenses(config.lensesFile).map((lens) => lens.name),
          modelIds: configuredNliModelIds(config.models),
          limit: 20 * config.models.batchSize,
        }),
    },
  ],
  exports: [NlpModule, ArticleClassifier, ClassifyBacklog],
})
export class ScoringModule {}
