import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Queue } from 'bullmq';
import { AppConfig } from '../../../libs/config/src/index.js';
import { ArticleClassifier, UnknownLensError, ClassifyBacklog } from '../../../libs/scoring/src/index.js';
import {
  alertsEvaluateJobId,
  InjectQueue,
  jobOf,
  QueueName,
  type ClassifyJob,
} from '../../../libs/queue/src/index.js';
import {
  QueueProcessor,
  type JobContext,
  type JobHandlers,
  type QueueWorkerOptions,
} from './queue-processor.js';

/**
 * The classify queue: one job at a time per process (inference is CPU-bound), the models loaded
 * once; the lock duration is configuration (CLASSIFY_LOCK_MS). Also runs the backlog sweep.
 */
@Injectable()
export class ClassifyProcessor extends QueueProcessor {
  /** The alerts evaluation job this process last queued. */
  private alertsQueuedAs?: string;

  constructor(
    config: AppConfig,
    @InjectQueue(QueueName.Classify) queue: Queue,
    private readonly classifier: ArticleClassifier,
    private readonly backlog: ClassifyBacklog,
    @InjectQueue(QueueName.AlertsEvaluate) private readonly alerts: Queue,
  ) {
    super(QueueName.Classify, config, queue);
  }

  protected handlers(): JobHandlers {
    return {
      classify: (payload, context) => this.classify(payload, context),
      classifyBacklog: (_payload, { job }) => this.sweepBacklog(job.id),
    };
  }

  protected workerOptions(): QueueWorkerOptions {
    const lockMs = this.config.models.lockMs;
    return { concurrency: 1, lockDuration: lockMs, stalledInterval: Math.min(30_000, lockMs) };
  }

  private async sweepBacklog(jobId: string | undefined) {
    const queued = await this.backlog.sweep();
    if (Object.values(queued).some((n) => n > 0))
      this.logger.log({ msg: 'classify backlog queued', jobId, queued });
    return queued;
  }

  private async classify({ articleIds, lens, model, requestId }: ClassifyJob, { job, signal }: JobContext) {
    try {
      const report = await this.classifier.classify(articleIds, lens, model, signal);
      this.logger.log({ msg: 'classify job done', jobId: job.id, requestId, articleIds, ...report });
      // The rollups changed: evaluate the alert rules soon (one job per minute however many batches land).
      if (report.scored > 0) await this.queueAlertsEvaluation();
      return report;
    } catch (error) {
      if (error instanceof UnknownLensError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  /**
   * Queues this minute's alerts evaluation. BullMQ ignores a job id it already holds, so asking
   * again within the minute does nothing: not asking saves a Redis round trip per batch.
   */
  private async queueAlertsEvaluation(): Promise<void> {
    const jobId = alertsEvaluateJobId(new Date());
    if (jobId === this.alertsQueuedAs) return;
    const job = jobOf('alertsEvaluate', { trigger: 'rollups' }, { jobId });
    await this.alerts.add(job.name, job.data, job.opts);
    this.alertsQueuedAs = jobId;
  }
}
