import { REQUEST_REDIS_DEADLINE_MS } from './redis-connection.js';

/**
 * A job could not be queued because Redis did not answer in time. Its message is the detail a person
 * sees (the API's 503 problem, the CLI's one line). Asking again is safe: every job queued on a
 * request path has an id derived from what it does, so one that does reach Redis later (a command
 * issued before the first connection was made) and its repeat are one job.
 */
export class QueueUnavailableError extends Error {
  constructor(queue: string, cause: unknown) {
    super(
      `the ${queue} queue is not reachable (Redis did not answer: ${cause instanceof Error ? cause.message : String(cause)}); try again shortly`,
      { cause },
    );
    this.name = 'QueueUnavailableError';
  }
}

/** Settles as `operation` does, or rejects with "no answer" after `ms`. */
export async function withinDeadline<T>(
  operation: Promise<T>,
  ms: number = REQUEST_REDIS_DEADLINE_MS,
): Promise<T> {
  operation.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([operation, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a request-path queue operation, giving up after REQUEST_REDIS_DEADLINE_MS: without an offline
 * queue a command fails at once while Redis is down, but one issued before the first connection was
 * ever made waits for it, so the deadline bounds that case too.
 */
export async function withinRequestDeadline<T>(queue: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await withinDeadline(operation());
  } catch (error) {
    if (isRedisUnavailable(error)) throw new QueueUnavailableError(queue, error);
    throw error;
  }
}

// What ioredis and BullMQ say when Redis is away (no offline queue, retries spent, closed), and our
// own deadline's "no answer".
const UNAVAILABLE_MESSAGES =
  /^(no answer within|Stream isn't writeable|Connection is closed|Reached the max retries per request|connect (ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH))/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/** Redis did not answer (as opposed to answering with an error, e.g. a bad argument). */
export function isRedisUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}
