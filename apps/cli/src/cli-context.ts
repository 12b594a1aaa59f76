import { Queue } from 'bullmq';
import { AppConfig, ConfigError, loadConfig } from '../../../libs/config/src/index.js';
import { ArticleRepository, Database, FeedPollRepository, FeedRepository } from '../../../libs/db/src/index.js';
import { AddressGuard } from '../../../libs/feeds/src/fetch/address-guard.js';
import { FeedPoller } from '../../../libs/feeds/src/ingest/feed-poller.js';
import { loadLenses } from '../../../libs/feeds/src/lens.js';
import { RelevanceFilter } from '../../../libs/feeds/src/relevance/relevance-filter.js';
import { FeedScheduler } from '../../../libs/feeds/src/schedule/feed-scheduler.js';
import { FEED_POLL_JOB_OPTIONS, QueueName, redisConnection, type FeedPollJob } from '../../../libs/queue/src/index.js';
import { UsageError } from './cli-io.js';

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

  get scheduler(): FeedScheduler {
    this.queue ??= new Queue<FeedPollJob>(QueueName.FeedPoll, {
      connection: { ...redisConnection(this.config.redisUrl), maxRetriesPerRequest: 1, enableOfflineQueue: false },
      prefix: this.config.queuePrefix,
      defaultJobOptions: FEED_POLL_JOB_OPTIONS,
    });
    return new FeedScheduler(this.queue);
  }

  poller(): FeedPoller {
    const config = this.config;
    return new FeedPoller({
      db: this.db,
      feeds: this.feeds,
      articles: new ArticleRepository(this.db),
      polls: this.polls,
      guard: new AddressGuard(config.fetch.allowCidrs),
      limits: config.fetch,
      policy: config.poll,
      lenses: loadLenses(config.lensesFile).map((lens) => ({ name: lens.name, filter: new RelevanceFilter(lens) })),
    });
  }

  async close(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
    await this.database?.close().catch(() => undefined);
  }
}
