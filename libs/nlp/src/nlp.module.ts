import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { ModelRepository, ScoreRepository } from '../../db/src/index.js';
import { TrendRollupRepository } from '../../trends/src/trend-rollup.repository.js';
import { TrendsModule } from '../../trends/src/trends.module.js';
import { loadLenses } from '../../feeds/src/lens.js';
import { ClassifyProducer, QueueModule } from '../../queue/src/index.js';
import { ArticleClassifier } from './classify/article-classifier.js';
import { ClassifyBacklog } from './classify/classify-backlog.js';
import { configuredNliModelIds } from './model-spec.js';
import { StanceModels } from './stance-models.js';

const modelLogger = new Logger('Models');

/** Stance models (loaded once per process), the article classifier and the backlog sweeper. */
@Module({
  imports: [QueueModule, TrendsModule],
  providers: [
    {
      provide: StanceModels,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new StanceModels(config.models, { info: (msg, fields) => modelLogger.log({ msg, ...fields }) }),
    },
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
  exports: [StanceModels, ArticleClassifier, ClassifyBacklog],
})
export class NlpModule {}
