import type { ConnectionOptions } from 'bullmq';

/**
 * Who waits on a Redis command. `background`: workers and the producers inside them, which wait
 * through a Redis restart (queued commands, `maxRetriesPerRequest: null`) and carry on when it returns.
 * `request`: producers a person waits on (API routes, CLI commands), which must answer at once when
 * Redis is away instead of hanging: no offline queue, one retry.
 */
export type RedisRole = 'background' | 'request';

/** How long a request-path producer waits for Redis before it gives up (QueueUnavailableError). */
export const REQUEST_REDIS_DEADLINE_MS = 1_500;

/** Connection options for BullMQ (and ioredis) from a redis:// URL, for the given role. */
export function redisConnection(redisUrl: string, role: RedisRole = 'background'): ConnectionOptions {
  const url = new URL(redisUrl);
  const endpoint = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
  if (role === 'background') return { ...endpoint, maxRetriesPerRequest: null };
  return {
    ...endpoint,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: REQUEST_REDIS_DEADLINE_MS,
  };
}
