import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface HostLimiterOptions {
  /** Requests one host may have in flight across every worker process. */
  maxPerHost: number;
  /** A lease not released by then (crashed worker) frees itself; make it longer than a fetch can take. */
  leaseMs: number;
  keyPrefix: string;
}

// One sorted set per host: member = lease token, score = when the lease expires (Redis clock, so worker
// clocks may disagree). Expired leases are swept before counting, all in one atomic step.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
`;

const HELD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
`;

/**
 * A per-host semaphore in Redis, so several worker processes together keep at most `maxPerHost`
 * requests in flight to one host. Leases expire, so a crashed worker cannot block a host for good.
 */
export class HostLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly opts: HostLimiterOptions,
  ) {
    if (!Number.isInteger(opts.maxPerHost) || opts.maxPerHost < 1) {
      throw new Error(`HostLimiter: maxPerHost must be a positive integer, got ${opts.maxPerHost}`);
    }
    if (!(opts.leaseMs > 0)) throw new Error(`HostLimiter: leaseMs must be positive, got ${opts.leaseMs}`);
  }

  /** A lease token, or null when `maxPerHost` unexpired leases on this host are already held. */
  async acquire(host: string): Promise<string | null> {
    const token = randomUUID();
    const granted = await this.redis.eval(
      ACQUIRE,
      1,
      this.key(host),
      this.opts.maxPerHost,
      Math.ceil(this.opts.leaseMs),
      token,
    );
    return granted === 1 ? token : null;
  }

  /** Gives the lease back; releasing an expired or unknown token is harmless. */
  async release(host: string, token: string): Promise<void> {
    await this.redis.zrem(this.key(host), token);
  }

  /** How many unexpired leases the host has (for metrics and tests). */
  async held(host: string): Promise<number> {
    return Number(await this.redis.eval(HELD, 1, this.key(host)));
  }

  private key(host: string): string {
    return `${this.opts.keyPrefix}:${host.toLowerCase()}`;
  }
}
