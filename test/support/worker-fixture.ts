/**
 * The worker and its queues, as tests set them up: the worker's module in this process (the real
 * processors, schedulers and sweeps), and the queues a test fills or inspects, emptied and closed after.
 * Tests that need the compiled worker as its own process use worker-process.ts instead.
 */
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import type { AppConfig } from '../../libs/config/src/index.js';
import { openQueue, type QueueName, type QueuePlace } from '../../libs/queue/src/index.js';

/** The place an environment (as worker processes get it) names. */
export function queuePlaceOf(env: Record<string, string>): QueuePlace {
  return { redisUrl: env.REDIS_URL!, queuePrefix: env.QUEUE_PREFIX! };
}

/** One of the test's queues, with the workers' connection settings (it waits through a Redis restart). */
export function testQueue(place: QueuePlace, name: QueueName): Queue {
  return openQueue(name, place, 'background');
}

/** Empties and closes each queue (afterAll); one whose Redis is already gone is only closed. */
export async function removeQueues(...queues: Array<Queue | undefined>): Promise<void> {
  for (const queue of queues) {
    if (!queue) continue;
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** Empties the named queues of a place without a queue object of the test's own. */
export async function removeQueuesAt(place: QueuePlace, ...names: QueueName[]): Promise<void> {
  await removeQueues(...names.map((name) => testQueue(place, name)));
}

/** The worker's module, started in this process with `config` (quiet unless a logger is given). */
export async function startInProcessWorker(
  config: AppConfig,
  logger: LoggerService | false = false,
): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  await worker.init();
  return worker;
}
