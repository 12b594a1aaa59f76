import type { Queue } from 'bullmq';
import { AppConfig, ConfigError, loadConfig } from '../../../libs/config/src/app-config.js';
import { Database } from '../../../libs/db/src/database.js';
import { ArticleRepository } from '../../../libs/db/src/repositories/article.repository.js';
import { FeedPollRepository } from '../../../libs/db/src/repositories/feed-poll.repository.js';
import { FeedRepository } from '../../../libs/db/src/repositories/feed.repository.js';
import type { FeedPoller } from '../../../libs/feeds/src/ingest/feed-poller.js';
import type { FeedScheduler } from '../../../libs/feeds/src/schedule/feed-scheduler.js';
import type { FeedPollJob } from '../../../libs/queue/src/job-payloads.js';
import { UsageError } from './cli-io.js';

// BullMQ, NestJS and the fetch/parse stack load only for the commands that use them.

/** What commands need, created on first use and closed once at the end. */
export class CliContext {
  private configValue?: AppConfig;
  private database?: Database;
  private queue?: Queue<FeedPollJob>;

  get config(): AppConfig {
    if (!this.configValue) {
      try {
        this.configValue = loadConfig();
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message.replace(/\n\s*/g, ' '));
        throw error;
      }
    }
    return this.configValue;
  }

  get db(): Database {
    this.database ??= new Database(this.config.databaseUrl, { max: 4, applicationName: 'stancewatch-cli' });
    return this.database;
  }

  get feeds(): FeedRepository {
    return new FeedRepository(this.db);
  }

  get polls(): FeedPollRepository {
    return new FeedPollRepository(this.db);
  }

  async scheduler(): Promise<FeedScheduler> {
    const { Queue } = await import('bullmq');
    const { FEED_POLL_JOB_OPTIONS, QueueName, redisConnection } =
      await import('../../../libs/queue/src/index.js');
    const { FeedScheduler } = await import('../../../libs/feeds/src/schedule/feed-scheduler.js');
    this.queue ??= new Queue<FeedPollJob>(QueueName.FeedPoll, {
      connection: {
        ...redisConnection(this.config.redisUrl),
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      },
      prefix: this.config.queuePrefix,
      defaultJobOptions: FEED_POLL_JOB_OPTIONS,
    });
    return new FeedScheduler(this.queue);
  }

  async poller(): Promise<FeedPoller> {
    const { AddressGuard } = await import('../../../libs/feeds/src/fetch/address-guard.js');
    const { FeedPoller } = await import('../../../libs/feeds/src/ingest/feed-poller.js');
    const { loadLenses } = await import('../../../libs/feeds/src/lens.js');
    const { RelevanceFilter } = await import('../../../libs/feeds/src/relevance/relevance-filter.js');
    const config = this.config;
    return new FeedPoller({
      db: this.db,
      feeds: this.feeds,
      articles: new ArticleRepository(this.db),
      polls: this.polls,
      guard: new AddressGuard(config.fetch.allowCidrs),
      limits: config.fetch,
      policy: config.poll,
      lenses: loadLenses(config.lensesFile).map((lens) => ({
        name: lens.name,
        filter: new RelevanceFilter(lens),
      })),
    });
  }

  async close(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
    await this.database?.close().catch(() => undefined);
  }
}
