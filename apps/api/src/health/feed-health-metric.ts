import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { FeedRepository } from '../../../../libs/feeds/src/index.js';
import { reportFeedHealth } from '../../../../libs/metrics/src/index.js';

/**
 * `stancewatch_feeds_stale` and `stancewatch_feeds_enabled` on the API's /metrics, counted in
 * PostgreSQL at scrape time. The API reports them, not the workers: one count of one table, however
 * many worker processes are scraped.
 */
@Injectable()
export class FeedHealthMetric implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
  ) {}

  onModuleInit(): void {
    this.stop = reportFeedHealth(() => this.feeds.healthCounts(this.config.poll.staleAfterIntervals));
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
