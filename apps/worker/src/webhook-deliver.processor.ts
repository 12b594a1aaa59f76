import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { AppConfig } from '../../../libs/config/src/index.js';
import {
  DeliverySweep,
  WebhookDeliverer,
  type AttemptResult,
  type SweepReport,
} from '../../../libs/alerts/src/index.js';
import { runJob } from './run-job.js';
import {
  QueueName,
  redisConnection,
  WEBHOOK_SWEEP_JOB_NAME,
  WEBHOOK_SWEEP_SCHEDULER_ID,
  type WebhookDeliverJob,
} from '../../../libs/queue/src/index.js';

/** Thrown to have BullMQ try the job again after `delayMs` (the delivery's own schedule). */
class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
  }
}

// Our own failures (Postgres down) are retried on a short exponential curve, capped at ten minutes.
const ownFailureDelay = (attemptsMade: number) =>
  Math.min(600_000, 5_000 * 2 ** Math.max(0, attemptsMade - 1));

/**
 * The webhook-deliver queue: one attempt per job run. The delay before a retry comes from the
 * delivery row (the Standard Webhooks schedule, Retry-After), handed to BullMQ by a custom backoff
 * strategy. Built on BullMQ's Worker directly so that strategy and the concurrency are configuration.
 * A job scheduler on the same queue runs the sweep (WEBHOOK_SWEEP_EVERY_SEC) that queues again the
 * pending deliveries whose job was lost.
 */
@Injectable()
export class WebhookDeliverProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliverProcessor.name);
  private worker?: Worker<WebhookDeliverJob>;

  constructor(
    private readonly config: AppConfig,
    private readonly deliverer: WebhookDeliverer,
    private readonly sweep: DeliverySweep,
    @InjectQueue(QueueName.WebhookDeliver) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker<WebhookDeliverJob>(
      QueueName.WebhookDeliver,
      (job, token) => this.run(job, token),
      {
        connection: redisConnection(this.config.redisUrl),
        prefix: this.config.queuePrefix,
        concurrency: this.config.webhooks.concurrency,
        settings: {
          backoffStrategy: (attemptsMade, _type, error) =>
            error instanceof RetryLater ? error.delayMs : ownFailureDelay(attemptsMade),
        },
      },
    );
    this.worker.on('failed', (job, error) => {
      if (error instanceof RetryLater) return; // logged as an attempt already
      this.logger.warn({
        msg: 'webhook job failed',
        jobId: job?.id,
        attempt: job?.attemptsMade,
        error: error.message,
      });
    });
    // The queue's default options (webhook backoff, 16 attempts) are for deliveries; a failed sweep
    // simply waits for the next one.
    await this.queue.upsertJobScheduler(
      WEBHOOK_SWEEP_SCHEDULER_ID,
      { every: this.config.webhooks.sweepEverySec * 1000 },
      {
        name: WEBHOOK_SWEEP_JOB_NAME,
        data: {},
        opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
      },
    );
  }

  /** Stops taking deliveries and waits for the attempts in flight, before Postgres and Redis close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private run(job: Job<WebhookDeliverJob>, token?: string): Promise<AttemptResult | SweepReport> {
    const limits = {
      queue: QueueName.WebhookDeliver,
      timeLimitMs: this.config.jobs.timeLimitMs['webhook-deliver'],
      outageRetryMs: job.name === WEBHOOK_SWEEP_JOB_NAME ? null : this.config.jobs.outageRetryMs,
    };
    return runJob(job, token, limits, this.logger, () => this.process(job));
  }

  private async process(job: Job<WebhookDeliverJob>): Promise<AttemptResult | SweepReport> {
    if (job.name === WEBHOOK_SWEEP_JOB_NAME) return this.runSweep(job);
    const deliveryId = job.data?.deliveryId;
    if (!Number.isSafeInteger(deliveryId)) {
      throw new UnrecoverableError(
        `webhook-deliver job ${job.id} has a malformed payload: ${JSON.stringify(job.data)}`,
      );
    }
    const started = Date.now();
    const result = await this.deliverer.attempt(deliveryId);
    this.logger.log({
      msg: 'webhook attempt',
      jobId: job.id,
      deliveryId,
      durationMs: Date.now() - started,
      ...result,
    });
    if (result.outcome === 'retry') throw new RetryLater(result.delayMs, result.error);
    if (result.outcome === 'failed') throw new UnrecoverableError(result.error);
    return result;
  }

  private async runSweep(job: Job): Promise<SweepReport> {
    const result = await this.sweep.sweep();
    if (result.overdue > 0) this.logger.log({ msg: 'webhook sweep', jobId: job.id, ...result });
    return result;
  }
}
