import { Injectable } from '@nestjs/common';
import { DelayedError, type Queue } from 'bullmq';
import { AppConfig } from '../../../libs/config/src/index.js';
import {
  FeedPollRepository,
  FeedRepository,
  HostLimiter,
  FeedPoller,
  type PollReport,
  FeedScheduler,
} from '../../../libs/feeds/src/index.js';
import { ClassifyProducer, InjectQueue, QueueName, type FeedPollJob } from '../../../libs/queue/src/index.js';
import {
  QueueProcessor,
  type JobContext,
  type JobHandlers,
  type QueueWorkerOptions,
} from './queue-processor.js';

const DAY_MS = 86_400_000;

/** Polls one feed per job, at most a few requests in flight to one host across all workers. */
@Injectable()
export class FeedPollProcessor extends QueueProcessor {
  constructor(
    config: AppConfig,
    @InjectQueue(QueueName.FeedPoll) queue: Queue,
    private readonly feeds: FeedRepository,
    private readonly poller: FeedPoller,
    private readonly scheduler: FeedScheduler,
    private readonly hosts: HostLimiter,
    private readonly classify: ClassifyProducer,
    private readonly polls: FeedPollRepository,
  ) {
    super(QueueName.FeedPoll, config, queue);
  }

  protected handlers(): JobHandlers {
    return {
      feedPoll: (payload, context) => this.poll(payload, context),
      feedPollsPrune: (_payload, { job }) => this.prune(job.id),
    };
  }

  protected workerOptions(): QueueWorkerOptions {
    return { concurrency: this.config.poll.concurrency };
  }

  private async poll(
    { feedId, trigger, requestId }: FeedPollJob,
    context: JobContext,
  ): Promise<PollReport | null> {
    const { job, signal, token } = context;
    const feed = await this.feeds.get(feedId);
    if (!feed) return null;

    const host = new URL(feed.url).host;
    const lease = await this.hosts.acquire(host);
    if (lease === null) {
      // Another worker is already fetching from this host as often as we allow: come back shortly.
      await job.moveToDelayed(Date.now() + 2_000 + Math.floor(Math.random() * 3_000), token);
      throw new DelayedError();
    }
    const started = Date.now();
    let report: PollReport;
    try {
      report = await this.poller.poll(feedId, trigger, undefined, signal);
    } finally {
      await this.hosts.release(host, lease);
    }
    if (report.nextPollAt && report.intervalSec) {
      await this.scheduler.reschedule({
        id: feedId,
        enabled: feed.enabled,
        pollIntervalSec: report.intervalSec,
        nextPollAt: report.nextPollAt,
      });
    }
    // The backlog sweep would find these too; queueing them now keeps item-to-score latency low.
    for (const [lens, ids] of Object.entries(report.newRelevantArticles))
      await this.classify.enqueue(lens, ids);
    this.logger.log({
      msg: 'feed-poll job done',
      jobId: job.id,
      feedId,
      trigger,
      requestId,
      outcome: report.outcome,
      itemsNew: report.itemsNew,
      durationMs: Date.now() - started,
    });
    return report;
  }

  /** The poll history past FEED_POLLS_RETENTION_DAYS goes. */
  private async prune(jobId: string | undefined): Promise<{ deleted: number }> {
    const started = Date.now();
    const before = new Date(started - this.config.retention.feedPollsDays * DAY_MS);
    const deleted = await this.polls.pruneOlderThan(before);
    this.logger.log({ msg: 'feed polls pruned', jobId, before, deleted, durationMs: Date.now() - started });
    return { deleted };
  }
}
