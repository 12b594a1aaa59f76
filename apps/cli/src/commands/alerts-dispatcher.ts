import type { EventDispatcher } from '../../../../libs/alerts/src/index.js';
import type { CliContext } from '../cli-context.js';

/**
 * Runs `work` with the webhooks' EventDispatcher over this command's database and its own
 * webhook-deliver queue (closed afterwards): deliveries are queued for the running worker.
 */
export async function withEventDispatcher<T>(
  ctx: CliContext,
  work: (dispatcher: EventDispatcher) => Promise<T>,
): Promise<T> {
  const { Queue } = await import('bullmq');
  const { QueueName, redisConnection } = await import('../../../../libs/queue/src/index.js');
  const webhooks = await import('../../../../libs/alerts/src/index.js');
  const queue = new Queue(QueueName.WebhookDeliver, {
    connection: {
      ...redisConnection(ctx.config.redisUrl),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    },
    prefix: ctx.config.queuePrefix,
  });
  try {
    const dispatcher = new webhooks.EventDispatcher(
      new webhooks.WebhookEndpointRepository(ctx.db),
      new webhooks.WebhookDeliveryRepository(ctx.db),
      new webhooks.DeliveryQueue(queue),
      ctx.config.dashboardUrl,
    );
    return await work(dispatcher);
  } finally {
    await queue.close().catch(() => undefined);
  }
}
