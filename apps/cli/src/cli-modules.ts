import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AlertRulesModule, WebhooksModule } from '../../../libs/alerts/src/index.js';
import { ConfigModule, type AppConfig } from '../../../libs/config/src/index.js';
import { DbModule, type Database } from '../../../libs/db/src/index.js';
import { FeedsModule } from '../../../libs/feeds/src/index.js';
import { LensModule } from '../../../libs/lens/src/index.js';
import { QueueModule } from '../../../libs/queue/src/index.js';
import { ScoringModule } from '../../../libs/scoring/src/index.js';

/** What a command asks of the modules beyond the common set. */
export interface CliModuleOptions {
  /** The article classifier and its models (reclassify in this process): loads Transformers.js. */
  classify?: boolean;
}

/**
 * The command line's application: the same modules the API and the worker are built from, so a
 * command calls the very services they call. Loaded only by the commands that need a service
 * (`feed parse`, `relevance`, `classify`, `eval` and `--help` never import this file).
 */
@Module({})
export class CliModule {
  static async forRoot(config: AppConfig, db: Database, options: CliModuleOptions): Promise<DynamicModule> {
    const imports: DynamicModule['imports'] = [
      ConfigModule.forRoot(config),
      LensModule,
      DbModule.forDatabase(db),
      // A person waits on a command: its producers answer at once while Redis is away (one line, exit 1).
      QueueModule.forRole('request'),
      FeedsModule,
      ScoringModule,
      WebhooksModule,
      AlertRulesModule,
    ];
    if (options.classify) {
      // The worker's classify wiring, imported only here so other commands do not load the models' runtime.
      const { ClassifyModule } = await import('../../worker/src/classify.module.js');
      imports.push(ClassifyModule);
    }
    return { module: CliModule, imports };
  }
}

/** A Nest application context over {@link CliModule}; the caller closes it. */
export async function createCliApplication(
  config: AppConfig,
  db: Database,
  options: CliModuleOptions,
): Promise<INestApplicationContext> {
  // No logger option: the command line's StderrLogger (main.ts) stays the one Nest logs through.
  return NestFactory.createApplicationContext(await CliModule.forRoot(config, db, options), {
    abortOnError: false,
  });
}
