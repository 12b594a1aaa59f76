import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request id of the work this code runs for: an HTTP request in the API, or the job a worker runs
 * (whose payload carries the id of the request that queued it). The JSON logger writes it on every
 * line, and the job table stamps it on every job queued meanwhile, so one id follows a manual poll or
 * an import from the access log through the worker's lines. Scheduled work runs without one.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

// Letters, digits and `-_.:@/+=` (UUIDs, ULIDs, W3C trace ids, a proxy's `host/1234-5`): nothing that
// could break a log line, a header or a Redis payload. As long as a job payload allows.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The client's X-Request-Id when it is sane (1-128 safe characters), else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** Runs `work` with `requestId` as the current request id (none: as it is). */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run({ requestId }, work) : work();
}

/**
 * Runs `work` with no current request id: for what a connection logs about itself. A socket opened
 * lazily during a request keeps that request's context in its callbacks for good, and its later
 * errors are nobody's request.
 */
export function withoutRequestId<T>(work: () => T): T {
  return storage.exit(work);
}

/** The request id of the work running now, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
