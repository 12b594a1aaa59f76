import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AppConfig, ConfigModule } from '../../../libs/config/src/index.js';
import { DbModule } from '../../../libs/db/src/index.js';
import { FeedsModule } from '../../../libs/feeds/src/feeds.module.js';
import { FeedPollProcessor } from './feed-poll.processor.js';
import { WorkerBootstrap } from './worker-bootstrap.js';

/** The worker process. Which queues it serves is configuration (WORKER_QUEUES), so kinds of work scale apart. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const processors: Provider[] = [];
    if (config.workerQueues.includes('feed-poll')) processors.push(FeedPollProcessor, WorkerBootstrap);
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DbModule, FeedsModule],
      providers: processors,
    };
  }
}
