import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { Database } from '../../../../libs/db/src/index.js';
import { FeedRepository } from '../../../../libs/feeds/src/index.js';
import { reportFeedHealth, reportReadiness } from '../../../../libs/metrics/src/index.js';
import { QueueName, queueToken } from '../../../../libs/queue/src/index.js';
import { apiReadiness } from './api-readiness.js';

/**
 * The API's scrape-time gauges: `stancewatch_feeds_stale` and `stancewatch_feeds_enabled`, counted in
 * PostgreSQL (the API reports them, not the workers: one count of one table, however many worker
 * processes are scraped), and `stancewatch_ready`, the checks of /readyz.
 */
@Injectable()
export class ApiStateMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly db: Database,
    @Inject(queueToken(QueueName.FeedPoll)) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.stops.push(
      reportFeedHealth(() => this.feeds.healthCounts(this.config.poll.staleAfterIntervals)),
      reportReadiness(apiReadiness(this.db, this.queue)),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.stops) stop();
  }
}
