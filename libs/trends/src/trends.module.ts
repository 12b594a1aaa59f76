import { Module } from '@nestjs/common';
import { Database } from '../../db/src/index.js';
import { TrendQueryRepository } from './trend-query.repository.js';
import { TrendRollupRepository } from './trend-rollup.repository.js';
import { TrendService } from './trend-service.js';

/** Trend rollups (written by the worker) and the trend query (read by the API). */
@Module({
  providers: [
    {
      provide: TrendRollupRepository,
      useFactory: (db: Database) => new TrendRollupRepository(db),
      inject: [Database],
    },
    {
      provide: TrendService,
      useFactory: (db: Database) => new TrendService(new TrendQueryRepository(db)),
      inject: [Database],
    },
  ],
  exports: [TrendRollupRepository, TrendService],
})
export class TrendsModule {}
