import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Feed } from '../repositories/feed.repository.js';
import { feedSchedulerId, jobOf, manualPollJobId, schedulerTemplateOf } from '../../../queue/src/index.js';

type FeedSchedule = Pick<Feed, 'id' | 'enabled' | 'pollIntervalSec' | 'nextPollAt'>;

/**
 * Keeps one BullMQ job scheduler per enabled feed, repeating at the feed's poll interval from its
 * next poll time. The feeds table stays the truth: a scheduler can always be rebuilt from it.
 */
export class FeedScheduler {
  private readonly logger = new Logger(FeedScheduler.name);

  constructor(private readonly queue: Queue) {}

  /** Safe at every boot: an unchanged feed keeps its scheduler and its next run. */
  async sync(feed: FeedSchedule): Promise<void> {
    const id = feedSchedulerId(feed.id);
    if (!feed.enabled) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    await this.queue.upsertJobScheduler(
      id,
      { every: feed.pollIntervalSec * 1000, startDate: feed.nextPollAt },
      schedulerTemplateOf('feedPoll', { feedId: feed.id, trigger: 'schedule' }),
    );
  }

  async syncAll(feeds: FeedSchedule[]): Promise<void> {
    for (const feed of feeds) await this.sync(feed);
    this.logger.log({
      msg: 'feed schedulers synced',
      feeds: feeds.length,
      enabled: feeds.filter((f) => f.enabled).length,
    });
  }

  /**
   * After a poll moved the feed's next poll time (backoff, Retry-After, a new interval), replace its
   * scheduler so the next run starts then. Upserting alone would keep the old next run.
   */
  async reschedule(feed: FeedSchedule): Promise<void> {
    await this.queue.removeJobScheduler(feedSchedulerId(feed.id));
    await this.sync(feed);
  }

  async pollNow(feedId: number, at: Date = new Date(), requestId?: string): Promise<string> {
    const { name, data, opts } = jobOf(
      'feedPoll',
      { feedId, trigger: 'manual', requestId },
      { jobId: manualPollJobId(feedId, at) },
    );
    const job = await this.queue.add(name, data, opts);
    return job.id ?? manualPollJobId(feedId, at);
  }

  /** When the scheduler will next run a feed's poll, as BullMQ sees it (null when none). */
  async nextRun(feedId: number): Promise<Date | null> {
    const scheduler = await this.queue.getJobScheduler(feedSchedulerId(feedId));
    return scheduler?.next ? new Date(scheduler.next) : null;
  }
}
