import { Module } from '@nestjs/common';
import { AppConfig } from '../../../libs/config/src/index.js';
import { Lenses } from '../../../libs/lens/src/index.js';
import { configuredNliModelIds, NlpModule, StanceModels } from '../../../libs/nlp/src/index.js';
import { ClassifyProducer } from '../../../libs/queue/src/index.js';
import {
  ArticleClassifier,
  ClassifyBacklog,
  ModelRepository,
  ScoreRepository,
  ScoringModule,
} from '../../../libs/scoring/src/index.js';
import { ModelLoadedMetric } from './model-metric.js';

/**
 * The classify use case wired for the worker: the article classifier over the stance models, and the
 * backlog sweeper. Here, not in libs/scoring, so that importing libs/scoring (a CLI command reading
 * scores, say) does not load the models' runtime.
 */
@Module({
  imports: [ScoringModule, NlpModule],
  providers: [
    ModelLoadedMetric,
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
