import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Queue } from 'bullmq';
import { AppConfig } from '../../../libs/config/src/index.js';
import {
  DeliverySweep,
  WebhookDeliverer,
  WebhookDeliveryRepository,
  type AttemptResult,
  type SweepReport,
} from '../../../libs/alerts/src/index.js';
import { InjectQueue, QueueName, type WebhookDeliverJob } from '../../../libs/queue/src/index.js';
import {
  QueueProcessor,
  type JobContext,
  type JobHandlers,
  type QueueWorkerOptions,
} from './queue-processor.js';

const DAY_MS = 86_400_000;

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
 * strategy; the concurrency is configuration. A job scheduler on the same queue runs the sweep
 * (WEBHOOK_SWEEP_EVERY_SEC) that queues again the pending deliveries whose job was lost.
 */
@Injectable()
export class WebhookDeliverProcessor extends QueueProcessor {
  constructor(
    config: AppConfig,
    @InjectQueue(QueueName.WebhookDeliver) queue: Queue,
    private readonly deliverer: WebhookDeliverer,
    private readonly sweep: DeliverySweep,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {
    super(QueueName.WebhookDeliver, config, queue);
  }

  protected handlers(): JobHandlers {
    return {
      webhookDeliver: (payload, context) => this.deliver(payload, context),
      webhookSweep: (_payload, { job }) => this.runSweep(job.id),
      deliveriesPrune: (_payload, { job }) => this.prune(job.id),
    };
  }

  protected workerOptions(): QueueWorkerOptions {
    return {
      concurrency: this.config.webhooks.concurrency,
      settings: {
        backoffStrategy: (attemptsMade, _type, error) =>
          error instanceof RetryLater ? error.delayMs : ownFailureDelay(attemptsMade),
      },
      isExpectedFailure: (error) => error instanceof RetryLater, // logged as an attempt already
    };
  }

  private async deliver(
    { deliveryId, requestId }: WebhookDeliverJob,
    { job }: JobContext,
  ): Promise<AttemptResult> {
    const started = Date.now();
    const result = await this.deliverer.attempt(deliveryId);
    this.logger.log({
      msg: 'webhook attempt',
      jobId: job.id,
      deliveryId,
      requestId,
      durationMs: Date.now() - started,
      ...result,
    });
    if (result.outcome === 'retry') throw new RetryLater(result.delayMs, result.error);
    if (result.outcome === 'failed') throw new UnrecoverableError(result.error);
    return result;
  }

  private async runSweep(jobId: string | undefined): Promise<SweepReport> {
    const result = await this.sweep.sweep();
    if (result.overdue > 0) this.logger.log({ msg: 'webhook sweep', jobId, ...result });
    return result;
  }

  /** Delivered deliveries past DELIVERIES_RETENTION_DAYS, failed ones past FAILED_DELIVERIES_RETENTION_DAYS. */
  private async prune(jobId: string | undefined): Promise<{ delivered: number; failed: number }> {
    const started = Date.now();
    const { deliveredDays, failedDays } = this.config.retention;
    const deleted = await this.deliveries.pruneSettled(
      new Date(started - deliveredDays * DAY_MS),
      new Date(started - failedDays * DAY_MS),
    );
    this.logger.log({
      msg: 'webhook deliveries pruned',
      jobId,
      ...deleted,
      durationMs: Date.now() - started,
    });
    return deleted;
  }
}
