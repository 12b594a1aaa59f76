import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { FEED_POLL_JOB_OPTIONS } from './job-options.js';
import { QueueName } from './queue-names.js';
import { redisConnection } from './redis-connection.js';

/** The Redis connection and the queues that both the API (producer) and the worker use. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnection(config.redisUrl),
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue({ name: QueueName.FeedPoll, defaultJobOptions: FEED_POLL_JOB_OPTIONS }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
