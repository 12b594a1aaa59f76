import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../../libs/config/src/index.js';
import { FeedRepository, FeedScheduler, seedFeedRegistry } from '../../../libs/feeds/src/index.js';

/** At start: seed the registry from config/ (if configured) and upsert one job scheduler per feed. */
@Injectable()
export class WorkerBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly scheduler: FeedScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedFeedsOnStart) {
      await seedFeedRegistry(this.feeds, this.config.feedsFile, this.config.poll.defaultIntervalSec);
    }
    await this.scheduler.syncAll(await this.feeds.list());
  }
}
