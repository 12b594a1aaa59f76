import { UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { currentRequestId, type AppConfig } from '../../config/src/index.js';
import { QueueName } from './queue-names.js';

/**
 * Every kind of job stancewatch runs, in one table: its queue, its name, what its payload must be, the
 * options it is queued with, and, for periodic work, its job scheduler. Producers build their jobs
 * from it (`jobOf`), the worker builds its processors from it and checks each payload against it.
 * Payloads carry ids, never objects: the database holds the truth when the job runs.
 */

/** Who asked for the work, carried into the logs of the job that does it (absent for scheduled work). */
const requestId = z.string().min(1).max(128).optional();

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** feed-poll/poll: poll one feed. `schedule` jobs come from the feed's job scheduler; `manual` from an operator. */
const feedPollPayload = z.object({ feedId: id, trigger: z.enum(['schedule', 'manual']), requestId });

/**
 * classify/classify: score a batch of articles for one lens. `model` is an NLI model name to use
 * instead of the configured one (reclassification side by side); null means the configured models.
 */
const classifyPayload = z.object({
  articleIds: z.array(id).min(1),
  lens: z.string().min(1),
  model: z.string().min(1).nullable().default(null),
  requestId,
});

/** webhook-deliver/deliver: one attempt (and its retries) at sending a stored webhook delivery. */
const webhookDeliverPayload = z.object({ deliveryId: id, requestId });

/**
 * alerts-evaluate/evaluate: evaluate every enabled alert rule now. `trigger` says why: the job
 * scheduler, or a change of the rollups (those collapse into one job per minute).
 */
const alertsEvaluatePayload = z.object({ trigger: z.enum(['schedule', 'rollups']), requestId });

/** Sweeps and other periodic work take nothing. */
const noPayload = z.object({ requestId });

// Periodic work keeps a short history: the next run follows anyway.
const PERIODIC_JOB_OPTIONS: JobsOptions = { removeOnComplete: 100, removeOnFail: 100 };
const KEEP_A_DAY: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** How often the retention prunes run. */
const PRUNE_EVERY_MS = 3600_000;

export interface JobScheduler {
  /** Stable, so upserting it at every start is safe. */
  id: string;
  everyMs: (config: AppConfig) => number;
  /** What each scheduled run carries. */
  data: Record<string, unknown>;
}

export interface JobSpec {
  queue: QueueName;
  /** The BullMQ job name, unique within its queue. */
  name: string;
  payload: z.ZodType;
  options: JobsOptions;
  /**
   * `put-back`: a job that finds PostgreSQL unavailable goes back to the queue without using an
   * attempt (run-job.ts). `fail`: periodic work fails as usual; its next run covers what it missed,
   * and putting every period's run back during a long outage would pile them up.
   */
  onOutage: 'put-back' | 'fail';
  scheduler?: JobScheduler;
}

export const JOBS = {
  /**
   * A feed that answers badly is not a job failure: the poller records it and backs off. A job fails
   * (and is retried) only when stancewatch itself could not do its work.
   */
  feedPoll: {
    queue: QueueName.FeedPoll,
    name: 'poll',
    payload: feedPollPayload,
    options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP_A_DAY },
    onOutage: 'put-back',
  },
  /** A model that cannot be loaded fails the job; it is retried for about a day before it is marked failed. */
  classify: {
    queue: QueueName.Classify,
    name: 'classify',
    payload: classifyPayload,
    options: { attempts: 12, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP_A_DAY },
    onOutage: 'put-back',
  },
  /**
   * Finds relevant articles still without scores and queues them (catches anything missed). A sweep
   * that met an outage is retried a few times rather than left failed: the next one would cover it,
   * but a failed job on the board after a short outage reads as lost work.
   */
  classifyBacklog: {
    queue: QueueName.Classify,
    name: 'backlog',
    payload: noPayload,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...PERIODIC_JOB_OPTIONS },
    onOutage: 'fail',
    scheduler: { id: 'classify-backlog', everyMs: () => 60_000, data: {} },
  },
  /**
   * Deliveries retry on the Standard Webhooks schedule (5 s … 24 h), computed by the delivery service
   * from the delivery row and applied through the worker's custom backoff strategy; `attempts` only
   * has to exceed the schedule's length (spare attempts absorb our own failures, e.g. Postgres down).
   */
  webhookDeliver: {
    queue: QueueName.WebhookDeliver,
    name: 'deliver',
    payload: webhookDeliverPayload,
    options: { attempts: 16, backoff: { type: 'webhook' }, ...KEEP_A_DAY },
    onOutage: 'put-back',
  },
  /**
   * Queues again the pending deliveries whose job was lost (a crash between storing a delivery and
   * queueing it, or Redis losing the job). A failed sweep simply waits for the next one.
   */
  webhookSweep: {
    queue: QueueName.WebhookDeliver,
    name: 'sweep',
    payload: noPayload,
    options: { attempts: 1, ...PERIODIC_JOB_OPTIONS },
    onOutage: 'fail',
    scheduler: { id: 'webhook-sweep', everyMs: (config) => config.webhooks.sweepEverySec * 1000, data: {} },
  },
  /**
   * Deletes the poll history older than FEED_POLLS_RETENTION_DAYS, in bounded batches. Hourly, so each
   * run deletes about an hour's polls; a failed run is covered by the next.
   */
  feedPollsPrune: {
    queue: QueueName.FeedPoll,
    name: 'prune',
    payload: noPayload,
    options: { attempts: 1, ...PERIODIC_JOB_OPTIONS },
    onOutage: 'fail',
    scheduler: { id: 'feed-polls-prune', everyMs: () => PRUNE_EVERY_MS, data: {} },
  },
  /** Deletes settled webhook deliveries past their retention (delivered, or failed and not redelivered). */
  deliveriesPrune: {
    queue: QueueName.WebhookDeliver,
    name: 'prune',
    payload: noPayload,
    options: { attempts: 1, ...PERIODIC_JOB_OPTIONS },
    onOutage: 'fail',
    scheduler: { id: 'deliveries-prune', everyMs: () => PRUNE_EVERY_MS, data: {} },
  },
  /** An evaluation that failed is retried a few times; the next scheduled one covers its windows anyway. */
  alertsEvaluate: {
    queue: QueueName.AlertsEvaluate,
    name: 'evaluate',
    payload: alertsEvaluatePayload,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...PERIODIC_JOB_OPTIONS },
    onOutage: 'fail',
    scheduler: {
      id: 'alerts-evaluate',
      everyMs: (config) => config.alerts.evaluateEverySec * 1000,
      data: { trigger: 'schedule' },
    },
  },
} as const satisfies Record<string, JobSpec>;

export type JobKind = keyof typeof JOBS;
export type PayloadOf<K extends JobKind> = z.output<(typeof JOBS)[K]['payload']>;
/** What a producer hands over: defaults (a classify job's `model`) may be left out. */
export type PayloadInputOf<K extends JobKind> = z.input<(typeof JOBS)[K]['payload']>;

export type FeedPollJob = PayloadOf<'feedPoll'>;
export type ClassifyJob = PayloadOf<'classify'>;
export type WebhookDeliverJob = PayloadOf<'webhookDeliver'>;
export type AlertsEvaluateJob = PayloadOf<'alertsEvaluate'>;

/** The kinds of job a queue runs. */
export function kindsOn(queue: QueueName): JobKind[] {
  return (Object.keys(JOBS) as JobKind[]).filter((kind) => JOBS[kind].queue === queue);
}

/** The job kinds with a job scheduler on this queue. */
export function scheduledKindsOn(queue: QueueName): JobKind[] {
  return kindsOn(queue).filter((kind) => 'scheduler' in JOBS[kind]);
}

/**
 * A job of this kind, ready for `queue.add(name, data, opts)` or `addBulk`; `opts` adds to the kind's.
 * A job queued while a request (or a job a request queued) runs carries that request's id, unless
 * `data` names one: so a manual poll, its classify batches and an import's batches share the id.
 */
export function jobOf<K extends JobKind>(
  kind: K,
  data: PayloadInputOf<K>,
  opts: JobsOptions = {},
): { name: string; data: PayloadInputOf<K>; opts: JobsOptions } {
  const requestId = (data as { requestId?: string }).requestId ?? currentRequestId();
  return schedulerTemplateOf(kind, requestId ? { ...data, requestId } : data, opts);
}

/**
 * The same without the current request id: the template of a job scheduler, whose runs are nobody's
 * request even when a request (registering a feed) upserts it.
 */
export function schedulerTemplateOf<K extends JobKind>(
  kind: K,
  data: PayloadInputOf<K>,
  opts: JobsOptions = {},
): { name: string; data: PayloadInputOf<K>; opts: JobsOptions } {
  const spec: JobSpec = JOBS[kind];
  return { name: spec.name, data, opts: { ...spec.options, ...opts } };
}

/** The kind of a job taken from `queue`, by its name; undefined for a name the table does not know. */
export function kindOf(queue: QueueName, job: Pick<Job, 'name'>): JobKind | undefined {
  return kindsOn(queue).find((kind) => JOBS[kind].name === job.name);
}

/**
 * The job's payload as its kind defines it. A malformed one can never succeed, so it fails for good
 * (UnrecoverableError) with what was wrong, instead of being retried.
 */
export function payloadOf<K extends JobKind>(
  kind: K,
  job: Pick<Job, 'id' | 'data' | 'queueName'>,
): PayloadOf<K> {
  const parsed = JOBS[kind].payload.safeParse(job.data ?? {});
  if (parsed.success) return parsed.data as PayloadOf<K>;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`,
  );
  throw new UnrecoverableError(
    `${job.queueName} job ${job.id ?? '?'} has a malformed ${JOBS[kind].name} payload (${problems.join('; ')}): ${JSON.stringify(job.data)}`,
  );
}

/** Feed polls run on one job scheduler per feed, keyed by the feed id, so upserting it at every boot is safe. */
export function feedSchedulerId(feedId: number): string {
  return `feed-${feedId}`;
}

/** Manual polls of one feed within the same minute collapse into one job. */
export function manualPollJobId(feedId: number, at: Date): string {
  return `manual-${feedId}-${Math.floor(at.getTime() / 60_000)}`;
}

/**
 * One job per delivery and round (a redelivery starts a new round), so dispatching the same event
 * twice queues one job.
 */
export function webhookDeliverJobId(deliveryId: number, round: number): string {
  return `delivery-${deliveryId}-${round}`;
}

/** Evaluations asked for within the same minute collapse into one job. */
export function alertsEvaluateJobId(at: Date): string {
  return `evaluate-${Math.floor(at.getTime() / 60_000)}`;
}
