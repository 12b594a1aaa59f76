import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { reportLoadedModels } from '../../../libs/metrics/src/index.js';
import { StanceModels } from '../../../libs/nlp/src/index.js';

/**
 * `stancewatch_model_loaded` of a classify worker: one series per model this process has loaded (the
 * configured ones, and any a reclassification named), so the label set stays as small as the models.
 */
@Injectable()
export class ModelLoadedMetric implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;

  constructor(private readonly models: StanceModels) {}

  onModuleInit(): void {
    this.stop = reportLoadedModels(async () =>
      (await this.models.inUse()).map((info) => ({
        role: info.task === 'zero-shot-classification' ? 'nli' : 'sentiment',
        model: info.id,
        revision: info.revision,
      })),
    );
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
