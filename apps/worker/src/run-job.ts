import type { LoggerService } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { isBackendUnavailable } from '../../../libs/db/src/index.js';

/** A job that ran past its time limit: it fails (and is retried on its backoff), its work abandoned. */
export class JobTimeLimitError extends Error {
  constructor(queue: string, jobId: string | undefined, limitMs: number) {
    super(
      `${queue} job ${jobId ?? '?'} ran past its time limit of ${limitMs} ms and was abandoned; it will be retried`,
    );
    this.name = 'JobTimeLimitError';
  }
}

export interface JobLimits {
  queue: string;
  /** After this long the job fails and `signal` aborts, whatever its work is waiting for. */
  timeLimitMs: number;
  /**
   * A job that finds PostgreSQL unavailable is put back for about this long; null for periodic work
   * (sweeps, scheduled evaluations), which fails as usual: the next run covers what it missed, and
   * putting every period's run back during a long outage would pile them up.
   */
  outageRetryMs: number | null;
}

/**
 * Runs one job's work under the rules every queue shares:
 * - a time limit: BullMQ keeps renewing the lock of a job whose promise never settles, so one await
 *   that never returns would stop a one-at-a-time worker for good. At the limit the job fails and is
 *   retried; `signal` aborts, and the abandoned work's own later failure is ignored (its writes are
 *   idempotent, so finishing late cannot count anything twice);
 * - an outage is not the job's fault: when the database is unavailable the job goes back to the queue
 *   for `outageRetryMs` (± half) without using an attempt, so however long the outage lasts, every job
 *   runs again within that delay of the database's return, and none is failed for good by it.
 */
export async function runJob<T>(
  job: Job,
  token: string | undefined,
  limits: JobLimits,
  logger: LoggerService,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await withinTimeLimit(job, limits, work);
  } catch (error) {
    if (limits.outageRetryMs === null || !token || !isBackendUnavailable(error)) throw error;
    const delayMs = Math.round(limits.outageRetryMs * (0.5 + Math.random()));
    await job.moveToDelayed(Date.now() + delayMs, token);
    logger.warn({
      msg: 'job put back: database unavailable',
      queue: limits.queue,
      jobId: job.id,
      jobName: job.name,
      attemptsStarted: job.attemptsStarted,
      retryInMs: delayMs,
      error: error instanceof Error ? error.message : String(error),
    });
    throw new DelayedError();
  }
}

async function withinTimeLimit<T>(
  job: Job,
  limits: JobLimits,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeLimitError(limits.queue, job.id, limits.timeLimitMs);
      controller.abort(error);
      reject(error);
    }, limits.timeLimitMs);
  });
  const running = work(controller.signal);
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
