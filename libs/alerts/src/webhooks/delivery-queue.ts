import type { Queue } from 'bullmq';
import {
  WEBHOOK_DELIVER_JOB_NAME,
  WEBHOOK_DELIVER_JOB_OPTIONS,
  webhookDeliverJobId,
  type WebhookDeliverJob,
} from '../../../queue/src/index.js';
import type { DeliveryRound } from './webhook-delivery.repository.js';

/** Puts deliveries on the webhook-deliver queue: one job per (delivery, round), so repeats collapse. */
export class DeliveryQueue {
  constructor(private readonly queue: Queue<WebhookDeliverJob>) {}

  async enqueue(rounds: DeliveryRound[]): Promise<void> {
    const pending = rounds.filter((round) => round.status === 'pending');
    if (pending.length === 0) return;
    await this.queue.addBulk(
      pending.map((round) => ({
        name: WEBHOOK_DELIVER_JOB_NAME,
        data: { deliveryId: round.id },
        opts: { ...WEBHOOK_DELIVER_JOB_OPTIONS, jobId: webhookDeliverJobId(round.id, round.roundStart) },
      })),
    );
  }

  /** Makes a delivery waiting for its next retry go now; false when its job is not waiting. */
  async promote(round: DeliveryRound): Promise<boolean> {
    const job = await this.queue.getJob(webhookDeliverJobId(round.id, round.roundStart));
    if (!job || !(await job.isDelayed())) return false;
    await job.promote();
    return true;
  }
}
