import { Queue } from 'bullmq';
import { QueueName, redisConnection } from '../libs/queue/src/index.js';

/**
 * Removes every queue of stancewatch under a benchmark's prefix: the ones its processes served and the
 * ones they only fed (a feed-poll worker queues classify jobs; the API opens webhook-deliver).
 */
export async function obliterateQueues(redisUrl: string, prefix: string): Promise<void> {
  for (const name of Object.values(QueueName)) {
    const queue = new Queue(name, { connection: redisConnection(redisUrl), prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
