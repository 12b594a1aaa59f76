import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { AppConfig } from '../../../libs/config/src/index.js';
import {
  FeedRepository,
  HostLimiter,
  FeedPoller,
  type PollReport,
  FeedScheduler,
} from '../../../libs/feeds/src/index.js';
import { runJob } from './run-job.js';
import { ClassifyProducer, QueueName, type FeedPollJob } from '../../../libs/queue/src/index.js';

/** Polls one feed per job, at most a few requests in flight to one host across all workers. */
@Processor(QueueName.FeedPoll)
export class FeedPollProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(FeedPollProcessor.name);

  constructor(
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly poller: FeedPoller,
    private readonly scheduler: FeedScheduler,
    private readonly hosts: HostLimiter,
    private readonly classify: ClassifyProducer,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.poll.concurrency;
  }

  /**
   * Stops taking jobs and waits for the running ones before Postgres and Redis close (@nestjs/bullmq
   * would close this worker only as they close).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  process(job: Job<FeedPollJob>, token?: string): Promise<PollReport | null> {
    const limits = {
      queue: QueueName.FeedPoll,
      timeLimitMs: this.config.jobs.timeLimitMs['feed-poll'],
      outageRetryMs: this.config.jobs.outageRetryMs,
    };
    return runJob(job, token, limits, this.logger, (signal) => this.poll(job, signal, token));
  }

  private async poll(job: Job<FeedPollJob>, signal: AbortSignal, token?: string): Promise<PollReport | null> {
    const { feedId, trigger } = job.data ?? {};
    if (!Number.isInteger(feedId) || (trigger !== 'schedule' && trigger !== 'manual')) {
      throw new UnrecoverableError(
        `feed-poll job ${job.id} has a malformed payload: ${JSON.stringify(job.data)}`,
      );
    }
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
      outcome: report.outcome,
      itemsNew: report.itemsNew,
      durationMs: Date.now() - started,
    });
    return report;
  }
}
