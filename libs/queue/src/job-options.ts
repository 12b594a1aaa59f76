import type { JobsOptions } from 'bullmq';

/**
 * A feed that answers badly is not a job failure: the poller records it and backs off. A job fails
 * (and is retried) only when stancewatch itself could not do its work, e.g. Postgres was down.
 */
export const FEED_POLL_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A model that cannot be loaded fails the job; it is retried for about a day before it is marked failed. */
export const CLASSIFY_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Webhook deliveries retry on the Standard Webhooks schedule (5 s … 24 h), computed by the delivery
 * service from the delivery row and applied through the worker's custom backoff strategy; `attempts`
 * only has to exceed the schedule's length (spare attempts absorb our own failures, e.g. Postgres down).
 */
export const WEBHOOK_DELIVER_JOB_OPTIONS: JobsOptions = {
  attempts: 16,
  backoff: { type: 'webhook' },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** An evaluation that failed (Postgres down) is retried a few times; the next scheduled one follows anyway. */
export const ALERTS_EVALUATE_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
