import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { LensModule } from '../../../libs/lens/src/index.js';
import { AppConfig, ConfigModule } from '../../../libs/config/src/index.js';
import { DbModule } from '../../../libs/db/src/index.js';
import { FeedsModule } from '../../../libs/feeds/src/index.js';
import { MetricsModule } from '../../../libs/metrics/src/index.js';
import { QueueModule } from '../../../libs/queue/src/index.js';
import { ClassifyModule } from './classify.module.js';
import { ClassifyProcessor } from './classify.processor.js';
import { FeedPollProcessor } from './feed-poll.processor.js';
import { WorkerBootstrap } from './worker-bootstrap.js';
import { WebhookDeliverProcessor } from './webhook-deliver.processor.js';
import { WebhooksModule, AlertRulesModule } from '../../../libs/alerts/src/index.js';
import { AlertsEvaluateProcessor } from './alerts-evaluate.processor.js';
import { WorkerHttp } from './http/worker-http.js';

/** The worker process. Which queues it serves is configuration (WORKER_QUEUES), so kinds of work scale apart. */
@Module({})
export class WorkerModule {
  /** `http`: serve /healthz, /readyz and /metrics on WORKER_HTTP_PORT (the process does; tests choose). */
  static forRoot(config: AppConfig, { http = false }: { http?: boolean } = {}): DynamicModule {
    const processors: Provider[] = http && config.workerHttpPort > 0 ? [WorkerHttp] : [];
    const imports: DynamicModule['imports'] = [
      ConfigModule.forRoot(config),
      LensModule,
      DbModule.forRole('worker'),
      // Producers inside the worker wait through a Redis restart and carry on.
      QueueModule.forRole('background'),
      FeedsModule,
      MetricsModule,
    ];
    if (config.workerQueues.includes('feed-poll')) processors.push(FeedPollProcessor, WorkerBootstrap);
    if (config.workerQueues.includes('classify')) {
      // Only classify workers load Transformers.js and the models.
      imports.push(ClassifyModule);
      processors.push(ClassifyProcessor);
    }
    if (config.workerQueues.includes('webhook-deliver')) {
      imports.push(WebhooksModule);
      processors.push(WebhookDeliverProcessor);
    }
    if (config.workerQueues.includes('alerts-evaluate')) {
      imports.push(AlertRulesModule);
      processors.push(AlertsEvaluateProcessor);
    }
    return { module: WorkerModule, imports, providers: processors };
  }
}
