import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/src/index.js';
import { ClassifyProducer } from './classify-producer.js';
import { QueueName } from './queue-names.js';
import { openQueue } from './queues.js';
import { withinDeadline } from './queue-unavailable.js';
import type { RedisRole } from './redis-connection.js';

/** The injection token of a queue. */
export function queueToken(name: QueueName): string {
  return `stancewatch-queue:${name}`;
}

/** Injects one of the queues the QueueModule provides. */
export const InjectQueue = (name: QueueName): ParameterDecorator => Inject(queueToken(name));

const QUEUE_NAMES = Object.values(QueueName);
const SETTLE_MS = 500;

class QueuesLifecycle implements OnApplicationShutdown {
  constructor(private readonly queues: Queue[]) {}

  /**
   * A queue's connection closed while it is still being made leaves ioredis waiting two seconds for a
   * socket that already closed (a command that used no queue would take that long to exit), so let
   * each finish connecting first, briefly.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.queues.map(async (queue) => {
        await withinDeadline(queue.waitUntilReady(), SETTLE_MS).catch(() => undefined);
        await queue.close().catch(() => undefined);
      }),
    );
  }
}

/**
 * The queues and their producers, for every module of the app; the app's root imports it once with
 * the role of its producers: `request` for the API and the CLI (answer at once while Redis is away),
 * `background` for the worker (wait and reconnect).
 */
@Module({})
export class QueueModule {
  static forRole(role: RedisRole): DynamicModule {
    const queues: Provider[] = QUEUE_NAMES.map((name) => ({
      provide: queueToken(name),
      inject: [AppConfig],
      useFactory: (config: AppConfig) => openQueue(name, config, role),
    }));
    return {
      module: QueueModule,
      global: true,
      providers: [
        ...queues,
        {
          provide: QueuesLifecycle,
          inject: QUEUE_NAMES.map(queueToken),
          useFactory: (...opened: Queue[]) => new QueuesLifecycle(opened),
        },
        {
          provide: ClassifyProducer,
          inject: [queueToken(QueueName.Classify), AppConfig],
          useFactory: (queue: Queue, config: AppConfig) =>
            new ClassifyProducer(queue, config.models.batchSize),
        },
      ],
      exports: [...QUEUE_NAMES.map(queueToken), ClassifyProducer],
    };
  }
}
