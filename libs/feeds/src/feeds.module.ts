import { Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/src/index.js';
import { Database, repositoryProvider } from '../../db/src/index.js';
import { Lenses } from '../../lens/src/index.js';
import { AddressGuard } from '../../http/src/index.js';
import { ArticleRepository } from './repositories/article.repository.js';
import { FeedPollRepository } from './repositories/feed-poll.repository.js';
import { FeedRepository } from './repositories/feed.repository.js';
import {
  ClassifyProducer,
  logRedisErrors,
  QueueName,
  queueToken,
  redisConnection,
} from '../../queue/src/index.js';
import { HostLimiter } from './fetch/host-limiter.js';
import { ArticleImporter } from './ingest/article-import.js';
import { createArticleImporter, createFeedPoller } from './ingest/create-feed-poller.js';
import { FeedPoller } from './ingest/feed-poller.js';
import { FeedParsePool } from './parse/parse-pool.js';
import { FeedRegistry } from './registry/feed-registry.js';
import { feedDiscovery } from './discover/feed-discovery.js';
import { FeedScheduler } from './schedule/feed-scheduler.js';

/** ioredis options for the limiter: the workers' (waits through a Redis restart). */
// Connected on first use: only the worker's polls use it.
const redisOptions = (url: string): RedisOptions => ({
  ...(redisConnection(url, 'background') as RedisOptions),
  lazyConnect: true,
});

/** The parser's threads, stopped with the application. */
class FeedParsing extends FeedParsePool implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** The Redis client of the per-host limiter, closed with the application. */
export class LimiterRedis extends Redis implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    // Never used in this process (the API, most commands): nothing to say goodbye to.
    if (this.status === 'wait') return this.disconnect();
    await this.quit().catch(() => undefined);
  }
}

/**
 * Ingestion: the feeds' and articles' repositories, the poller, the per-feed schedulers, the per-host
 * limiter, and the registry every door (API, CLI) changes feeds through.
 */
@Module({
  providers: [
    repositoryProvider(FeedRepository),
    repositoryProvider(ArticleRepository),
    repositoryProvider(FeedPollRepository),
    {
      provide: FeedParsing,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FeedParsing(config.poll.parse),
    },
    {
      provide: FeedPoller,
      inject: [AppConfig, Database, Lenses, FeedParsing],
      useFactory: (config: AppConfig, db: Database, lenses: Lenses, parsing: FeedParsing) =>
        createFeedPoller(db, config, lenses, parsing),
    },
    {
      provide: ArticleImporter,
      inject: [Database, AppConfig, Lenses, ClassifyProducer],
      useFactory: (db: Database, config: AppConfig, lenses: Lenses, classify: ClassifyProducer) =>
        createArticleImporter(db, config, lenses, classify),
    },
    {
      provide: FeedScheduler,
      inject: [queueToken(QueueName.FeedPoll)],
      useFactory: (queue: Queue) => new FeedScheduler(queue),
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
          discover: feedDiscovery(config.fetch, new AddressGuard(config.fetch.allowCidrs)),
        }),
    },
    {
      provide: LimiterRedis,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const redis = new LimiterRedis(redisOptions(config.redisUrl));
        logRedisErrors(redis, new Logger(HostLimiter.name), 'per-host limiter');
        return redis;
      },
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
    ArticleImporter,
    FeedPoller,
    FeedRegistry,
    FeedScheduler,
    HostLimiter,
    FeedRepository,
    ArticleRepository,
    FeedPollRepository,
  ],
})
export class FeedsModule {}
