import type { Queue } from 'bullmq';
import { jobOf, webhookDeliverJobId } from '../../../queue/src/index.js';
import type { DeliveryRound } from './webhook-delivery.repository.js';

/** Puts deliveries on the webhook-deliver queue: one job per (delivery, round), so repeats collapse. */
export class DeliveryQueue {
  constructor(private readonly queue: Queue) {}

  async enqueue(rounds: DeliveryRound[]): Promise<void> {
    const pending = rounds.filter((round) => round.status === 'pending');
    if (pending.length === 0) return;
    await this.queue.addBulk(
      pending.map((round) =>
        jobOf(
          'webhookDeliver',
          { deliveryId: round.id },
          { jobId: webhookDeliverJobId(round.id, round.roundStart) },
        ),
      ),
    );
  }

  /**
   * Queues pending deliveries again whose job may be lost; the number queued. A job that is there
   * (waiting, delayed, running) is left alone; one that finished while its delivery is still pending
   * (its attempts spent on our own failures) runs again with fresh attempts; a missing one is added.
   */
  async requeue(rounds: DeliveryRound[]): Promise<number> {
    const missing: DeliveryRound[] = [];
    let retried = 0;
    for (const round of rounds.filter((r) => r.status === 'pending')) {
      const job = await this.queue.getJob(webhookDeliverJobId(round.id, round.roundStart));
      if (!job) {
        missing.push(round);
        continue;
      }
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') continue;
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried += 1;
    }
    // Same job ids as enqueue: if one was added meanwhile, adding it again changes nothing.
    await this.enqueue(missing);
    return missing.length + retried;
  }

  /** Makes a delivery waiting for its next retry go now; false when its job is not waiting. */
  async promote(round: DeliveryRound): Promise<boolean> {
    const job = await this.queue.getJob(webhookDeliverJobId(round.id, round.roundStart));
    if (!job || !(await job.isDelayed())) return false;
    await job.promote();
    return true;
  }
}
