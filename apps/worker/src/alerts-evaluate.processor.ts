import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { RuleEvaluator, type EvaluationReport } from '../../../libs/alerts/src/index.js';
import { AppConfig } from '../../../libs/config/src/index.js';
import { InjectQueue, QueueName, type AlertsEvaluateJob } from '../../../libs/queue/src/index.js';
import {
  QueueProcessor,
  type JobContext,
  type JobHandlers,
  type QueueWorkerOptions,
} from './queue-processor.js';

/**
 * Evaluates every enabled alert rule: on a job scheduler (ALERTS_EVALUATE_EVERY_SEC) and after the
 * classifier changed the rollups. One job at a time per process; the per-rule lock makes several
 * processes safe too.
 */
@Injectable()
export class AlertsEvaluateProcessor extends QueueProcessor {
  constructor(
    config: AppConfig,
    @InjectQueue(QueueName.AlertsEvaluate) queue: Queue,
    private readonly evaluator: RuleEvaluator,
  ) {
    super(QueueName.AlertsEvaluate, config, queue);
  }

  protected handlers(): JobHandlers {
    return { alertsEvaluate: (payload, context) => this.evaluate(payload, context) };
  }

  protected workerOptions(): QueueWorkerOptions {
    return { concurrency: 1 };
  }

  private async evaluate(
    { trigger, requestId }: AlertsEvaluateJob,
    { job }: JobContext,
  ): Promise<EvaluationReport> {
    const started = Date.now();
    const report = await this.evaluator.evaluateAll(new Date());
    const fields = {
      jobId: job.id,
      trigger,
      requestId,
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
