import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { AppConfig } from '../../../libs/config/src/index.js';
import { ArticleClassifier, UnknownLensError, ClassifyBacklog } from '../../../libs/scoring/src/index.js';
import { runJob } from './run-job.js';
import {
  ALERTS_EVALUATE_JOB_NAME,
  alertsEvaluateJobId,
  CLASSIFY_BACKLOG_JOB_NAME,
  CLASSIFY_BACKLOG_SCHEDULER_ID,
  QueueName,
  redisConnection,
  type ClassifyJob,
} from '../../../libs/queue/src/index.js';

const BACKLOG_EVERY_MS = 60_000;

/**
 * The classify queue: one job at a time per process (inference is CPU-bound), the models loaded
 * once. Built on BullMQ's Worker directly so the lock duration is configuration.
 */
@Injectable()
export class ClassifyProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClassifyProcessor.name);
  private worker?: Worker<ClassifyJob>;
  /** The alerts evaluation job this process last queued. */
  private alertsQueuedAs?: string;

  constructor(
    private readonly config: AppConfig,
    private readonly classifier: ArticleClassifier,
    private readonly backlog: ClassifyBacklog,
    @InjectQueue(QueueName.Classify) private readonly queue: Queue,
    @InjectQueue(QueueName.AlertsEvaluate) private readonly alerts: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const lockMs = this.config.models.lockMs;
    this.worker = new Worker<ClassifyJob>(QueueName.Classify, (job, token) => this.run(job, token), {
      connection: redisConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: 1,
      lockDuration: lockMs,
      stalledInterval: Math.min(30_000, lockMs),
    });
    this.worker.on('failed', (job, error) =>
      this.logger.error({
        msg: 'classify job failed',
        jobId: job?.id,
        attempt: job?.attemptsMade,
        error: error.message,
      }),
    );
    await this.queue.upsertJobScheduler(
      CLASSIFY_BACKLOG_SCHEDULER_ID,
      { every: BACKLOG_EVERY_MS },
      { name: CLASSIFY_BACKLOG_JOB_NAME, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /** Stops taking batches and waits for the running one, before Postgres and Redis close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Queues this minute's alerts evaluation. BullMQ ignores a job id it already holds, so asking
   * again within the minute does nothing: not asking saves a Redis round trip per batch.
   */
  private async queueAlertsEvaluation(): Promise<void> {
    const jobId = alertsEvaluateJobId(new Date());
    if (jobId === this.alertsQueuedAs) return;
    await this.alerts.add(ALERTS_EVALUATE_JOB_NAME, { trigger: 'rollups' }, { jobId });
    this.alertsQueuedAs = jobId;
  }

  private run(job: Job<ClassifyJob>, token?: string) {
    const limits = {
      queue: QueueName.Classify,
      timeLimitMs: this.config.jobs.timeLimitMs.classify,
      outageRetryMs: job.name === CLASSIFY_BACKLOG_JOB_NAME ? null : this.config.jobs.outageRetryMs,
    };
    return runJob(job, token, limits, this.logger, (signal) => this.process(job, signal));
  }

  private async process(job: Job<ClassifyJob>, signal: AbortSignal) {
    if (job.name === CLASSIFY_BACKLOG_JOB_NAME) {
      const queued = await this.backlog.sweep();
      if (Object.values(queued).some((n) => n > 0))
        this.logger.log({ msg: 'classify backlog queued', jobId: job.id, queued });
      return queued;
    }
    const { articleIds, lens, model } = job.data ?? {};
    if (!Array.isArray(articleIds) || !articleIds.every(Number.isInteger) || typeof lens !== 'string') {
      throw new UnrecoverableError(
        `classify job ${job.id} has a malformed payload: ${JSON.stringify(job.data)}`,
      );
    }
    try {
      const report = await this.classifier.classify(articleIds, lens, model ?? null, signal);
      this.logger.log({ msg: 'classify job done', jobId: job.id, articleIds, ...report });
      // The rollups changed: evaluate the alert rules soon (one job per minute however many batches land).
      if (report.scored > 0) await this.queueAlertsEvaluation();
      return report;
    } catch (error) {
      if (error instanceof UnknownLensError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
