import { Module } from '@nestjs/common';
import { Database } from '../../db/src/index.js';
import { TrendRollupRepository } from './trend-rollup.repository.js';

/** Trend rollups (written by the worker) and the trend query (read by the API). */
@Module({
  providers: [
    {
      provide: TrendRollupRepository,
      useFactory: (db: Database) => new TrendRollupRepository(db),
      inject: [Database],
    },
  ],
  exports: [TrendRollupRepository],
})
export class TrendsModule {}
