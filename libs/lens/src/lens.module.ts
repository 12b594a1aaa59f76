import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { Lenses } from './lenses.js';

/** The configured lenses (config/lenses.json), loaded once for the whole application. */
@Global()
@Module({
  providers: [
    {
      provide: Lenses,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => Lenses.load(config.lensesFile),
    },
  ],
  exports: [Lenses],
})
export class LensModule {}
