/**
 * Every BullMQ queue of stancewatch. Renaming one strands the jobs already waiting in Redis under
 * the old name: drain the queue first.
 */
export const QueueName = {
  FeedPoll: 'feed-poll',
  Classify: 'classify',
  WebhookDeliver: 'webhook-deliver',
  AlertsEvaluate: 'alerts-evaluate',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];
