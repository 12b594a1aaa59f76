import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ClassifyProducer } from './classify-producer.js';
import { AppConfig } from '../../config/src/index.js';
import {
  CLASSIFY_JOB_OPTIONS,
  FEED_POLL_JOB_OPTIONS,
  WEBHOOK_DELIVER_JOB_OPTIONS,
  ALERTS_EVALUATE_JOB_OPTIONS,
} from './job-options.js';
import type { ClassifyJob } from './job-payloads.js';
import { QueueName } from './queue-names.js';
import { redisConnection } from './redis-connection.js';

/** The Redis connection, the queues, and their producers, for the API and the worker alike. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnection(config.redisUrl),
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue(
      { name: QueueName.FeedPoll, defaultJobOptions: FEED_POLL_JOB_OPTIONS },
      { name: QueueName.Classify, defaultJobOptions: CLASSIFY_JOB_OPTIONS },
      { name: QueueName.WebhookDeliver, defaultJobOptions: WEBHOOK_DELIVER_JOB_OPTIONS },
      { name: QueueName.AlertsEvaluate, defaultJobOptions: ALERTS_EVALUATE_JOB_OPTIONS },
    ),
  ],
  providers: [
    {
      provide: ClassifyProducer,
      inject: [getQueueToken(QueueName.Classify), AppConfig],
      useFactory: (queue: Queue<ClassifyJob>, config: AppConfig) =>
        new ClassifyProducer(queue, config.models.batchSize),
    },
  ],
  exports: [BullModule, ClassifyProducer],
})
export class QueueModule {}
