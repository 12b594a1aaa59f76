import type { LoggerService } from '@nestjs/common';
import { withoutRequestId } from '../../config/src/index.js';
import { REDIS_UNAVAILABLE } from './vocabulary.js';

/** Anything that emits Redis connection errors: a BullMQ queue or worker, an ioredis client. */
interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const EVERY_MS = 60_000;

/**
 * Logs the Redis errors of `emitter` as one structured line at most once a minute (a Redis that is
 * away fails every reconnect, several times a second), naming what lost its connection. Listening
 * also keeps ioredis and BullMQ from printing their unhandled-error dumps.
 */
export function logRedisErrors(emitter: ErrorEmitter, logger: LoggerService, component: string): void {
  let lastLogged = 0;
  let suppressed = 0;
  emitter.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < EVERY_MS) {
      suppressed += 1;
      return;
    }
    // The connection may have been opened during a request or a job: its errors are not theirs.
    withoutRequestId(() =>
      logger.warn({
        msg: REDIS_UNAVAILABLE,
        component,
        error: error.message || String(error),
        ...(suppressed > 0 ? { suppressedSinceLast: suppressed } : {}),
      }),
    );
    lastLogged = now;
    suppressed = 0;
  });
}
