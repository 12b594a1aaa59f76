import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { runJob, type JobLimits } from '../../apps/worker/src/run-job.js';
import { redisConnection } from '../../libs/queue/src/index.js';
import { eventually } from '../support/eventually.js';
import { removeQueues } from '../support/worker-fixture.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const LIMITS: JobLimits = { queue: 'limits-test', timeLimitMs: 300, outageRetryMs: 200 };

interface Step {
  kind: 'hang' | 'quick' | 'outage-then-ok';
}

/**
 * The rules every worker queue runs its jobs under (apps/worker/src/run-job.ts), on a real BullMQ
 * worker that takes one job at a time, as the classify worker does.
 */
describe('a job that hangs, and a job that meets an outage', () => {
  const prefix = `swtest-${randomBytes(4).toString('hex')}`;
  const warnings: Array<Record<string, unknown>> = [];
  const logger: LoggerService = {
    log: () => undefined,
    error: () => undefined,
    warn: (entry: Record<string, unknown>) => warnings.push(entry),
  };
  const runs = new Map<string, number>();
  const aborted: string[] = [];
  let queue: Queue<Step>;
  let worker: Worker<Step>;
  let events: QueueEvents;

  const work = (job: Job<Step>) => async (signal: AbortSignal) => {
    const run = (runs.get(job.id!) ?? 0) + 1;
    runs.set(job.id!, run);
    if (job.data.kind === 'hang') {
      signal.addEventListener('abort', () => aborted.push(job.id!));
      return new Promise<string>(() => undefined);
    }
    if (job.data.kind === 'outage-then-ok' && run < 3)
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    return `done after ${run} runs`;
  };

  beforeAll(async () => {
    const connection = redisConnection(REDIS_URL);
    queue = new Queue<Step>(LIMITS.queue, { connection, prefix });
    events = new QueueEvents(LIMITS.queue, { connection, prefix });
    await events.waitUntilReady();
    worker = new Worker<Step>(LIMITS.queue, (job, token) => runJob(job, token, LIMITS, logger, work(job)), {
      connection,
      prefix,
      concurrency: 1,
    });
  });

  afterAll(async () => {
    await worker?.close(true);
    await events?.close();
    await removeQueues(queue);
  });

  it('fails a job that never settles at its time limit, retries it, and runs the jobs behind it', async () => {
    const hung = await queue.add(
      'hang',
      { kind: 'hang' },
      { attempts: 2, backoff: { type: 'fixed', delay: 100 } },
    );
    const behind = await queue.add('quick', { kind: 'quick' });

    expect(await behind.waitUntilFinished(events, 10_000)).toBe('done after 1 runs');
    await eventually(async () => (await hung.getState()) === 'failed', 10_000);
    const failed = await queue.getJob(hung.id!);
    expect(failed?.attemptsMade).toBe(2);
    expect(failed?.failedReason).toMatch(/limits-test job .* ran past its time limit of 300 ms/);
    expect(runs.get(hung.id!)).toBe(2);
    // The abandoned work was told to stop, each time.
    expect(aborted).toEqual([hung.id, hung.id]);
  });

  it('puts a job back while the database is unavailable, without using its attempts', async () => {
    const job = await queue.add('outage', { kind: 'outage-then-ok' }, { attempts: 1 });
    expect(await job.waitUntilFinished(events, 10_000)).toBe('done after 3 runs');
    const finished = await queue.getJob(job.id!);
    // One attempt counted, the one that succeeded: with `attempts: 1`, a put-back that used one would
    // have failed the job for good.
    expect(finished?.attemptsMade).toBe(1);
    const putBack = warnings.filter((entry) => entry.jobId === job.id);
    expect(putBack).toHaveLength(2);
    for (const entry of putBack) {
      expect(entry.msg).toBe('job put back: database unavailable');
      // Between half and one and a half times the configured delay.
      expect(entry.retryInMs).toBeGreaterThanOrEqual(100);
      expect(entry.retryInMs).toBeLessThanOrEqual(300);
    }
  });
});
