import { Module } from '@nestjs/common';
import { Database, repositoryProvider } from '../../db/src/index.js';
import { AnnotationRepository } from './annotation.repository.js';
import { SourceStatsRepository } from './source-stats.repository.js';
import { TrendQueryRepository } from './trend-query.repository.js';
import { TrendRollupRepository } from './trend-rollup.repository.js';
import { TrendService } from './trend-service.js';

/** Trend rollups (written by the worker), the trend query, the per-source statistics, and the annotations charts draw. */
@Module({
  providers: [
    repositoryProvider(AnnotationRepository),
    repositoryProvider(SourceStatsRepository),
    repositoryProvider(TrendRollupRepository),
    {
      provide: TrendService,
      useFactory: (db: Database) => new TrendService(new TrendQueryRepository(db)),
      inject: [Database],
    },
  ],
  exports: [TrendRollupRepository, TrendService, SourceStatsRepository, AnnotationRepository],
})
export class TrendsModule {}
