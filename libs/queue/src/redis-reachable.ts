import { Redis, type RedisOptions } from 'ioredis';
import { withinDeadline } from './queue-unavailable.js';
import { redisConnection } from './redis-connection.js';

/**
 * Null when Redis at `redisUrl` answers a PING within the request deadline; otherwise why not, in a
 * few words (for a command that cannot do anything without Redis and should say so at once).
 */
export async function whyRedisUnreachable(redisUrl: string): Promise<string | null> {
  const redis = new Redis({
    ...(redisConnection(redisUrl, 'request') as RedisOptions),
    lazyConnect: true,
    retryStrategy: () => null, // one try: this is a question, not a connection to keep
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await withinDeadline(redis.connect().then(() => redis.ping()));
    return null;
  } catch (error) {
    const cause = lastError ?? error;
    return cause instanceof Error ? cause.message : String(cause);
  } finally {
    redis.disconnect();
  }
}

/** The URL without its password, for messages. */
export function displayedRedisUrl(redisUrl: string): string {
  const url = new URL(redisUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
