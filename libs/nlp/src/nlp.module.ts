import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { StanceModels } from './stance-models.js';

const modelLogger = new Logger('Models');

/** The stance models, loaded once per process. */
@Module({
  providers: [
    {
      provide: StanceModels,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new StanceModels(config.models, { info: (msg, fields) => modelLogger.log({ msg, ...fields }) }),
    },
  ],
  exports: [StanceModels],
})
export class NlpModule {}
