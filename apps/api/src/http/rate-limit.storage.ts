import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { redisConnection } from '../../../../libs/queue/src/index.js';

// One round trip, atomic: count the hit, start the window on the first hit, say how long it has left.
const FIXED_WINDOW = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {hits, left}`;

const FIRST_CONNECTION_WAIT_MS = 1_000;

export interface WindowCount {
  /** Requests of this caller in the current window, this one included. */
  hits: number;
  /** Whole seconds until the window resets (at least 1), as Retry-After wants them. */
  secondsLeft: number;
}

/**
 * Fixed-window counters in Redis, shared by every API process so a limit holds behind a load
 * balancer. When Redis does not answer, `hit` returns null and the request passes: the limiter must
 * not take the API down with it.
 */
export class RedisRateLimitStorage implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisRateLimitStorage.name);
  private readonly redis: Redis;
  private lastWarning = 0;

  constructor(
    redisUrl: string,
    private readonly keyPrefix: string,
  ) {
    // A request's connection: fail fast instead of queueing commands while Redis is away. Its
    // connection errors are not logged: `hit` says, once a minute, what they mean for requests.
    this.redis = new Redis(redisConnection(redisUrl, 'request') as RedisOptions);
    this.redis.on('error', () => undefined);
  }

  async hit(caller: string, windowMs: number): Promise<WindowCount | null> {
    await this.firstConnection();
    try {
      const [hits, leftMs] = (await this.redis.eval(
        FIXED_WINDOW,
        1,
        `${this.keyPrefix}:ratelimit:${caller}`,
        String(windowMs),
      )) as [number, number];
      return { hits, secondsLeft: Math.max(1, Math.ceil(leftMs / 1000)) };
    } catch (error) {
      this.warnAtMostEveryMinute(error);
      return null;
    }
  }

  /**
   * While the process's first connection is still being made, waits for it (at most a second):
   * otherwise the first requests after a start pass uncounted, as if Redis were away. An outage
   * (a connection lost and being remade) is not waited for.
   */
  private async firstConnection(): Promise<void> {
    if (this.redis.status !== 'connecting' && this.redis.status !== 'connect') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done).off('close', done);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECTION_WAIT_MS);
      // 'close': the attempt failed (Redis away at start): answer now, uncounted, as in an outage.
      this.redis.once('ready', done).once('close', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private warnAtMostEveryMinute(error: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ msg: 'rate limiting is off while Redis does not answer', error: String(error) });
  }
}
