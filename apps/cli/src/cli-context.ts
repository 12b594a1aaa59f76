import type { Queue } from 'bullmq';
import { AppConfig, ConfigError, loadConfig } from '../../../libs/config/src/index.js';
import { Database } from '../../../libs/db/src/index.js';
import type { FeedPoller, FeedScheduler } from '../../../libs/feeds/src/index.js';
import type { ArticleClassifier } from '../../../libs/scoring/src/index.js';
import type { StanceModels } from '../../../libs/nlp/src/index.js';
import type { ClassifyProducer, FeedPollJob } from '../../../libs/queue/src/index.js';
import { Lenses } from '../../../libs/lens/src/index.js';
import { UsageError } from './cli-io.js';

// BullMQ, NestJS and the fetch/parse stack load only for the commands that use them.

/** What commands need, created on first use and closed once at the end. */
export class CliContext {
  private configValue?: AppConfig;
  private lensesValue?: Lenses;
  private database?: Database;
  private queue?: Queue<FeedPollJob>;
  private classifyQueue?: Queue;
  private models?: StanceModels;

  /** With a configuration, commands work with it instead of the environment's (the demo has its own). */
  constructor(config?: AppConfig) {
    this.configValue = config;
  }

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

  /** The configured lenses, loaded once for this command. */
  get lenses(): Lenses {
    this.lensesValue ??= Lenses.load(this.config.lensesFile);
    return this.lensesValue;
  }

  get db(): Database {
    this.database ??= new Database(this.config.databaseUrl, { max: 4, applicationName: 'stancewatch-cli' });
    return this.database;
  }

  /** The configured models, loaded once for this command; log lines go to stderr. */
  async stanceModels(): Promise<StanceModels> {
    const { StanceModels } = await import('../../../libs/nlp/src/index.js');
    this.models ??= new StanceModels(this.config.models, {
      info: (message, fields) => process.stderr.write(`${JSON.stringify({ msg: message, ...fields })}\n`),
    });
    return this.models;
  }

  async articleClassifier(): Promise<ArticleClassifier> {
    const { ArticleClassifier, ModelRepository, ScoreRepository } =
      await import('../../../libs/scoring/src/index.js');
    return new ArticleClassifier({
      scores: new ScoreRepository(this.db),
      models: new ModelRepository(this.db),
      stanceModels: await this.stanceModels(),
      lenses: [...this.lenses.all],
    });
  }

  async classifyProducer(): Promise<ClassifyProducer> {
    const { Queue } = await import('bullmq');
    const { ClassifyProducer, QueueName, redisConnection } = await import('../../../libs/queue/src/index.js');
    this.classifyQueue ??= new Queue(QueueName.Classify, {
      connection: {
        ...redisConnection(this.config.redisUrl),
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      },
      prefix: this.config.queuePrefix,
    });
    return new ClassifyProducer(this.classifyQueue, this.config.models.batchSize);
  }

  async scheduler(): Promise<FeedScheduler> {
    const { Queue } = await import('bullmq');
    const { QueueName, redisConnection } = await import('../../../libs/queue/src/index.js');
    const { FeedScheduler } = await import('../../../libs/feeds/src/index.js');
    this.queue ??= new Queue<FeedPollJob>(QueueName.FeedPoll, {
      connection: {
        ...redisConnection(this.config.redisUrl),
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      },
      prefix: this.config.queuePrefix,
    });
    return new FeedScheduler(this.queue);
  }

  async poller(): Promise<FeedPoller> {
    const { createFeedPoller } = await import('../../../libs/feeds/src/index.js');
    return createFeedPoller(this.db, this.config, this.lenses);
  }

  async close(): Promise<void> {
    await this.models?.dispose().catch(() => undefined);
    await this.classifyQueue?.close().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    await this.database?.close().catch(() => undefined);
  }
}
