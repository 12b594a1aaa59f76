import type { DeliveryQueue } from './delivery-queue.js';
import type { WebhookDeliveryRepository } from './webhook-delivery.repository.js';

/** A delivery due longer ago than this with nothing sent is taken to have lost its job. */
export const OVERDUE_AFTER_MS = 60_000;

/** At most this many deliveries per sweep; the next sweep takes the rest. */
const SWEEP_LIMIT = 500;

/** What one sweep found: overdue pending deliveries, and how many of them it queued again. */
export interface SweepReport {
  overdue: number;
  requeued: number;
}

/**
 * Finds pending deliveries that are overdue and queues their job again. Run on a schedule, it makes
 * delivery independent of any one enqueue succeeding: a delivery whose job was lost (a crash between
 * storing and queueing, or Redis losing it) is picked up at the next sweep. Job ids are per
 * (delivery, round), so a job that is still there is not doubled, and a delivered row is never sent
 * again (the deliverer skips anything not pending).
 */
export class DeliverySweep {
  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly queue: DeliveryQueue,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sweep(): Promise<SweepReport> {
    const before = new Date(this.now().getTime() - OVERDUE_AFTER_MS);
    const rounds = await this.deliveries.overdue(before, SWEEP_LIMIT);
    if (rounds.length === 0) return { overdue: 0, requeued: 0 };
    return { overdue: rounds.length, requeued: await this.queue.requeue(rounds) };
  }
}
