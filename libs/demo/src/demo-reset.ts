import { Redis } from 'ioredis';
import { dropDatabase } from '../../db/src/index.js';

/** What --reset removed. */
export interface ResetReport {
  droppedDatabase: boolean;
  redisKeys: number;
}

/**
 * Forgets a demo: drops its database and deletes the Redis keys under its prefix (queues, job
 * schedulers, host leases, rate-limit windows). Only keys `<prefix>:…` go, so other deployments on
 * the same Redis keep theirs.
 */
export async function resetDemo(databaseUrl: string, redisUrl: string, prefix: string): Promise<ResetReport> {
  const droppedDatabase = await dropDatabase(databaseUrl);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined); // each command below rejects with the error; no unhandled-error dump
  let redisKeys = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) redisKeys += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { droppedDatabase, redisKeys };
}

// Redis Cluster hash tags put braces in prefixes; brackets and friends are glob syntax in MATCH.
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
