import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job, type Queue, type WorkerOptions } from 'bullmq';
import { withRequestId, type AppConfig } from '../../../libs/config/src/index.js';
import {
  JOBS,
  kindOf,
  kindsOn,
  logRedisErrors,
  payloadOf,
  redisConnection,
  scheduledKindsOn,
  upsertJobSchedulers,
  type JobKind,
  type JobSpec,
  type PayloadOf,
  type QueueName,
} from '../../../libs/queue/src/index.js';
import { runJob, type JobLimits } from './run-job.js';

export interface JobContext {
  job: Job;
  /** Aborts when the job runs past its time limit. */
  signal: AbortSignal;
  token?: string;
}

export type JobHandler<K extends JobKind> = (payload: PayloadOf<K>, context: JobContext) => Promise<unknown>;
export type JobHandlers = { [K in JobKind]?: JobHandler<K> };

/** What a queue's worker takes from runtime configuration. */
export type QueueWorkerOptions = Pick<
  WorkerOptions,
  'concurrency' | 'lockDuration' | 'stalledInterval' | 'settings'
> & {
  /** Failures that are part of the plan (a webhook's scheduled retry) and already logged. */
  isExpectedFailure?: (error: Error) => boolean;
};

/** A worker started for a queue whose job kinds (in the job table) are not all handled. */
export class UnhandledJobKindError extends Error {
  constructor(queue: QueueName, missing: JobKind[]) {
    super(
      `the ${queue} processor has no handler for job kind ${missing.map((kind) => `${kind} ("${JOBS[kind].name}")`).join(', ')}; ` +
        `add one to its handlers() or remove the kind from libs/queue's job table`,
    );
    this.name = 'UnhandledJobKindError';
  }
}

/** The job kinds of `queue` that `handlers` does not handle. */
export function unhandledKinds(queue: QueueName, handlers: JobHandlers): JobKind[] {
  return kindsOn(queue).filter((kind) => typeof handlers[kind] !== 'function');
}

/**
 * The one way to build a processor: a BullMQ Worker for one queue, built from the job table with
 * options from runtime configuration. Each job is dispatched to its kind's handler with its payload
 * checked against the table, under the shared rules of run-job.ts (time limit, put back during an
 * outage); the queue's job schedulers are upserted at start. The worker refuses to start when a kind
 * of its queue has no handler, and stops taking jobs (finishing the running ones) before Postgres and
 * Redis close.
 */
export abstract class QueueProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private worker?: Worker;

  protected constructor(
    protected readonly queueName: QueueName,
    protected readonly config: AppConfig,
    private readonly queue: Queue,
  ) {
    this.logger = new Logger(this.constructor.name);
  }

  protected abstract handlers(): JobHandlers;
  protected abstract workerOptions(): QueueWorkerOptions;

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.handlers();
    const missing = unhandledKinds(this.queueName, handlers);
    if (missing.length > 0) throw new UnhandledJobKindError(this.queueName, missing);
    const { isExpectedFailure, ...options } = this.workerOptions();
    this.worker = new Worker(this.queueName, (job, token) => this.run(handlers, job, token), {
      ...options,
      connection: redisConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
    });
    logRedisErrors(this.worker, this.logger, `worker ${this.queueName}`);
    this.worker.on('failed', (job, error) => {
      if (isExpectedFailure?.(error)) return;
      this.logger.warn({
        msg: `${this.queueName} job failed`,
        jobId: job?.id,
        jobName: job?.name,
        attempt: job?.attemptsMade,
        requestId: job?.data?.requestId,
        error: error.message,
      });
    });
    await upsertJobSchedulers(this.queue, scheduledKindsOn(this.queueName), this.config);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private run(handlers: JobHandlers, job: Job, token?: string): Promise<unknown> {
    const kind = kindOf(this.queueName, job);
    if (!kind) {
      throw new UnrecoverableError(
        `${this.queueName} job ${job.id ?? '?'} has the name "${job.name}", which no job kind of this queue has`,
      );
    }
    const spec: JobSpec = JOBS[kind];
    const limits: JobLimits = {
      queue: this.queueName,
      timeLimitMs: this.config.jobs.timeLimitMs[this.queueName],
      outageRetryMs: spec.onOutage === 'put-back' ? this.config.jobs.outageRetryMs : null,
    };
    const handler = handlers[kind] as JobHandler<typeof kind>;
    // The request that queued the job, on every line its work logs and on every job it queues.
    const data = job.data as { requestId?: unknown } | undefined;
    const requestId = typeof data?.requestId === 'string' ? data.requestId : undefined;
    return withRequestId(requestId, () =>
      runJob(job, token, limits, this.logger, (signal) =>
        handler(payloadOf(kind, job) as never, { job, signal, token }),
      ),
    );
  }
}
