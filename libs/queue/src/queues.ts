import { Logger } from '@nestjs/common';
import { Queue, type QueueOptions } from 'bullmq';
import type { AppConfig } from '../../config/src/index.js';
import { JOBS, type JobKind, type JobSpec } from './job-table.js';
import type { QueueName } from './queue-names.js';
import { withinRequestDeadline } from './queue-unavailable.js';
import { logRedisErrors } from './redis-error-log.js';
import { redisConnection, type RedisRole } from './redis-connection.js';

type Add = Queue['add'];
type AddBulk = Queue['addBulk'];
type UpsertScheduler = Queue['upsertJobScheduler'];
type RemoveScheduler = Queue['removeJobScheduler'];
type GetJob = Queue['getJob'];
type GetScheduler = Queue['getJobScheduler'];

/**
 * A queue for producers a person waits on: each operation that queues or looks up work answers
 * within REQUEST_REDIS_DEADLINE_MS, with a QueueUnavailableError while Redis is away.
 */
export class RequestQueue extends Queue {
  override add(...args: Parameters<Add>): ReturnType<Add> {
    return withinRequestDeadline(this.name, () => super.add(...args));
  }

  override addBulk(...args: Parameters<AddBulk>): ReturnType<AddBulk> {
    return withinRequestDeadline(this.name, () => super.addBulk(...args));
  }

  override upsertJobScheduler(...args: Parameters<UpsertScheduler>): ReturnType<UpsertScheduler> {
    return withinRequestDeadline(this.name, () => super.upsertJobScheduler(...args));
  }

  override removeJobScheduler(...args: Parameters<RemoveScheduler>): ReturnType<RemoveScheduler> {
    return withinRequestDeadline(this.name, () => super.removeJobScheduler(...args));
  }

  override getJob(...args: Parameters<GetJob>): ReturnType<GetJob> {
    return withinRequestDeadline(this.name, () => super.getJob(...args));
  }

  override getJobScheduler(...args: Parameters<GetScheduler>): ReturnType<GetScheduler> {
    return withinRequestDeadline(this.name, () => super.getJobScheduler(...args));
  }
}

export interface QueuePlace {
  redisUrl: string;
  queuePrefix: string;
}

/** Opens one of stancewatch's queues for `role`, its Redis errors logged (rate-limited), never dumped. */
export function openQueue(name: QueueName, place: QueuePlace, role: RedisRole): Queue {
  const options: QueueOptions = {
    connection: redisConnection(place.redisUrl, role),
    prefix: place.queuePrefix,
  };
  const queue = role === 'request' ? new RequestQueue(name, options) : new Queue(name, options);
  logRedisErrors(queue, new Logger('Queue'), `queue ${name}`);
  return queue;
}

/** Upserts the job scheduler of each kind in `kinds` that has one; safe at every start. */
export async function upsertJobSchedulers(queue: Queue, kinds: JobKind[], config: AppConfig): Promise<void> {
  for (const kind of kinds) {
    const spec: JobSpec = JOBS[kind];
    if (!spec.scheduler) continue;
    await queue.upsertJobScheduler(
      spec.scheduler.id,
      { every: spec.scheduler.everyMs(config) },
      { name: spec.name, data: spec.scheduler.data, opts: spec.options },
    );
  }
}
