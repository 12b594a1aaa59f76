import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { RuleEvaluator, type EvaluationReport } from '../../../libs/alerts/src/index.js';
import { AppConfig } from '../../../libs/config/src/index.js';
import { runJob } from './run-job.js';
import {
  ALERTS_EVALUATE_JOB_NAME,
  ALERTS_EVALUATE_SCHEDULER_ID,
  QueueName,
  type AlertsEvaluateJob,
} from '../../../libs/queue/src/index.js';

/**
 * Evaluates every enabled alert rule: on a job scheduler (ALERTS_EVALUATE_EVERY_SEC) and after the
 * classifier changed the rollups. One job at a time per process; the per-rule lock makes several
 * processes safe too.
 */
@Processor(QueueName.AlertsEvaluate, { concurrency: 1 })
export class AlertsEvaluateProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(AlertsEvaluateProcessor.name);

  constructor(
    private readonly config: AppConfig,
    private readonly evaluator: RuleEvaluator,
    @InjectQueue(QueueName.AlertsEvaluate) private readonly queue: Queue<AlertsEvaluateJob>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      ALERTS_EVALUATE_SCHEDULER_ID,
      { every: this.config.alerts.evaluateEverySec * 1000 },
      {
        name: ALERTS_EVALUATE_JOB_NAME,
        data: { trigger: 'schedule' },
        opts: { removeOnComplete: 100, removeOnFail: 100 },
      },
    );
  }

  /**
   * Stops taking jobs and waits for the running ones before Postgres and Redis close (@nestjs/bullmq
   * would close this worker only as they close).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  process(job: Job<AlertsEvaluateJob>, token?: string): Promise<EvaluationReport> {
    const limits = {
      queue: QueueName.AlertsEvaluate,
      timeLimitMs: this.config.jobs.timeLimitMs['alerts-evaluate'],
      // Evaluations are periodic: one that meets an outage is retried on its backoff, then the next
      // scheduled one covers its windows.
      outageRetryMs: null,
    };
    return runJob(job, token, limits, this.logger, () => this.evaluate(job));
  }

  private async evaluate(job: Job<AlertsEvaluateJob>): Promise<EvaluationReport> {
    const started = Date.now();
    const report = await this.evaluator.evaluateAll(new Date());
    const fields = {
      jobId: job.id,
      trigger: job.data?.trigger,
      rules: report.rules.length,
      events: report.events,
      dispatched: report.dispatched,
      durationMs: Date.now() - started,
    };
    // Throwing retries the job: the rules that failed (and events not handed over) get another go.
    if (report.errors.length > 0) {
      this.logger.warn({ msg: 'alerts evaluation had errors', ...fields, errors: report.errors });
      throw new Error(`alert evaluation: ${report.errors.join('; ')}`);
    }
    if (report.events.length > 0) this.logger.log({ msg: 'alerts evaluated', ...fields });
    return report;
  }
}
