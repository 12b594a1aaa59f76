import { getQueueToken } from '@nestjs/bullmq';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/src/index.js';
import { Database, repositoryProvider } from '../../db/src/index.js';
import { Lenses } from '../../lens/src/index.js';
import { ArticleRepository } from './repositories/article.repository.js';
import { FeedPollRepository } from './repositories/feed-poll.repository.js';
import { FeedRepository } from './repositories/feed.repository.js';
import { QueueModule, QueueName, type FeedPollJob } from '../../queue/src/index.js';
import { HostLimiter } from './fetch/host-limiter.js';
import { createFeedPoller } from './ingest/create-feed-poller.js';
import { FeedPoller } from './ingest/feed-poller.js';
import { FeedRegistry } from './registry/feed-registry.js';
import { FeedScheduler } from './schedule/feed-scheduler.js';

/** The Redis client of the per-host limiter, closed with the application. */
export class LimiterRedis extends Redis implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.quit().catch(() => undefined);
  }
}

/**
 * Ingestion: the feeds' and articles' repositories, the poller, the per-feed schedulers, the per-host
 * limiter, and the registry every door (API, CLI) changes feeds through.
 */
@Module({
  imports: [QueueModule],
  providers: [
    repositoryProvider(FeedRepository),
    repositoryProvider(ArticleRepository),
    repositoryProvider(FeedPollRepository),
    {
      provide: FeedPoller,
      inject: [AppConfig, Database, Lenses],
      useFactory: (config: AppConfig, db: Database, lenses: Lenses) => createFeedPoller(db, config, lenses),
    },
    {
      provide: FeedScheduler,
      inject: [getQueueToken(QueueName.FeedPoll)],
      useFactory: (queue: Queue<FeedPollJob>) => new FeedScheduler(queue),
    },
    {
      provide: FeedRegistry,
      inject: [FeedRepository, FeedPollRepository, FeedScheduler, FeedPoller, AppConfig],
      useFactory: (
        feeds: FeedRepository,
        polls: FeedPollRepository,
        scheduler: FeedScheduler,
        poller: FeedPoller,
        config: AppConfig,
      ) =>
        new FeedRegistry({
          feeds,
          polls,
          scheduler,
          poller,
          defaultIntervalSec: config.poll.defaultIntervalSec,
        }),
    },
    {
      provide: LimiterRedis,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LimiterRedis(config.redisUrl, { maxRetriesPerRequest: null }),
    },
    {
      provide: HostLimiter,
      inject: [LimiterRedis, AppConfig],
      useFactory: (redis: LimiterRedis, config: AppConfig) =>
        new HostLimiter(redis, {
          maxPerHost: config.fetch.maxPerHost,
          leaseMs: 2 * config.fetch.readTimeoutMs,
          keyPrefix: `${config.queuePrefix}:host`,
        }),
    },
  ],
  exports: [
    FeedPoller,
    FeedRegistry,
    FeedScheduler,
    HostLimiter,
    QueueModule,
    FeedRepository,
    ArticleRepository,
    FeedPollRepository,
  ],
})
export class FeedsModule {}
