import { Module, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/src/index.js';
import { QueueName, queueToken } from '../../queue/src/index.js';
import { watchQueues } from './queue-metrics.js';
import { reportBuildInfo } from './state-metrics.js';

/** Sets `stancewatch_build_info` once the configuration (STANCEWATCH_COMMIT) is known. */
export class BuildInfoReporter {
  constructor(config: AppConfig) {
    reportBuildInfo(config.buildCommit);
  }
}

/** Keeps every queue of stancewatch on the queue gauges while the application runs. */
export class QueueMetricsWatcher implements OnModuleDestroy {
  private readonly unwatch: () => void;

  constructor(queues: Queue[]) {
    this.unwatch = watchQueues(queues);
  }

  onModuleDestroy(): void {
    this.unwatch();
  }
}

const QUEUE_TOKENS = Object.values(QueueName).map((name) => queueToken(name));

/** Queue depth and age gauges and the build info for the API and the worker; the counters need no module. */
@Module({
  providers: [
    {
      provide: BuildInfoReporter,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new BuildInfoReporter(config),
    },
    {
      provide: QueueMetricsWatcher,
      inject: QUEUE_TOKENS,
      useFactory: (...queues: Queue[]) => new QueueMetricsWatcher(queues),
    },
  ],
})
export class MetricsModule {}
