import type { ConnectionOptions } from 'bullmq';

/**
 * Connection options for BullMQ from a redis:// URL. Workers need `maxRetriesPerRequest: null` so a
 * Redis restart blocks them instead of failing their commands.
 */
export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
