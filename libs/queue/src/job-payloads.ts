/** Job payloads carry ids, never objects: the database holds the truth when the job runs. */

/** feed-poll: poll one feed. `schedule` jobs come from the feed's job scheduler; `manual` from an operator. */
export interface FeedPollJob {
  feedId: number;
  trigger: 'schedule' | 'manual';
}

export const FEED_POLL_JOB_NAME = 'poll';

/** One job scheduler per feed, keyed by the feed id, so upserting it at every boot is safe. */
export function feedSchedulerId(feedId: number): string {
  return `feed-${feedId}`;
}

/** Manual polls of one feed within the same minute collapse into one job. */
export function manualPollJobId(feedId: number, at: Date): string {
  return `manual-${feedId}-${Math.floor(at.getTime() / 60_000)}`;
}

/**
 * classify: score a batch of articles for one lens. `model` is an NLI model name to use instead of
 * the configured one (reclassification side by side); null means the configured models.
 */
export interface ClassifyJob {
  articleIds: number[];
  lens: string;
  model: string | null;
}

export const CLASSIFY_JOB_NAME = 'classify';

/** classify/backlog: find relevant articles still without scores and queue them (catches anything missed). */
export const CLASSIFY_BACKLOG_JOB_NAME = 'backlog';
export const CLASSIFY_BACKLOG_SCHEDULER_ID = 'classify-backlog';

/** webhook-deliver: one attempt (and its retries) at sending a stored webhook delivery. */
export interface WebhookDeliverJob {
  deliveryId: number;
}

export const WEBHOOK_DELIVER_JOB_NAME = 'deliver';

/**
 * One job per delivery and round (a redelivery starts a new round), so dispatching the same event
 * twice queues one job.
 */
export function webhookDeliverJobId(deliveryId: number, round: number): string {
  return `delivery-${deliveryId}-${round}`;
}

/**
 * webhook-deliver/sweep: queue again the pending deliveries whose job was lost (a crash between
 * storing a delivery and queueing it, or Redis losing the job).
 */
export const WEBHOOK_SWEEP_JOB_NAME = 'sweep';
export const WEBHOOK_SWEEP_SCHEDULER_ID = 'webhook-sweep';

/**
 * alerts-evaluate: evaluate every enabled alert rule now. `trigger` says why: the job scheduler, or a
 * change of the rollups (those collapse into one job per minute).
 */
export interface AlertsEvaluateJob {
  trigger: 'schedule' | 'rollups';
}

export const ALERTS_EVALUATE_JOB_NAME = 'evaluate';
export const ALERTS_EVALUATE_SCHEDULER_ID = 'alerts-evaluate';

/** Evaluations asked for within the same minute collapse into one job. */
export function alertsEvaluateJobId(at: Date): string {
  return `evaluate-${Math.floor(at.getTime() / 60_000)}`;
}
