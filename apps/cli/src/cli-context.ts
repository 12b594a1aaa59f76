import type { INestApplicationContext, Type } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from '../../../libs/config/src/index.js';
import { openDatabase, type Database } from '../../../libs/db/src/index.js';
import { Lenses } from '../../../libs/lens/src/index.js';
import type { CliModuleOptions } from './cli-modules.js';
import { UsageError } from './cli-io.js';

// NestJS's application, BullMQ and the fetch/parse stack load only for the commands that use them.

/** What commands need, created on first use and closed once at the end. */
export class CliContext {
  private configValue?: AppConfig;
  private lensesValue?: Lenses;
  private database?: Database;
  private application?: Promise<INestApplicationContext>;
  private applicationOptions?: CliModuleOptions;

  /** With a configuration, commands work with it instead of the environment's (the demo has its own). */
  constructor(config?: AppConfig) {
    this.configValue = config;
  }

  get config(): AppConfig {
    if (!this.configValue) {
      try {
        this.configValue = loadConfig();
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message.replace(/\n\s*/g, ' '));
        throw error;
      }
    }
    return this.configValue;
  }

  /** The configured lenses, loaded once for this command. */
  get lenses(): Lenses {
    this.lensesValue ??= Lenses.load(this.config.lensesFile);
    return this.lensesValue;
  }

  /** The one pool of this process; the modules of {@link service} share it. */
  get db(): Database {
    this.database ??= openDatabase(this.config, 'cli');
    return this.database;
  }

  /**
   * A service as the API and the worker get it: from the same modules (CliModule), built on first use.
   * A command asks with the same options every time; the application is built once.
   */
  async service<T>(token: Type<T>, options: CliModuleOptions = {}): Promise<T> {
    if (!this.application) {
      this.applicationOptions = options;
      const { createCliApplication } = await import('./cli-modules.js');
      this.application = createCliApplication(this.config, this.db, options);
    } else if (Boolean(options.classify) !== Boolean(this.applicationOptions?.classify)) {
      throw new Error('CliContext.service: one command asked for two different module sets');
    }
    return (await this.application).get(token);
  }

  async close(): Promise<void> {
    const application = await this.application?.catch(() => undefined);
    if (application && this.applicationOptions?.classify) {
      // The models hold ONNX sessions that nothing else releases in a process that is about to end.
      const { StanceModels } = await import('../../../libs/nlp/src/index.js');
      await application
        .get(StanceModels)
        .dispose()
        .catch(() => undefined);
    }
    // Closes the queues and the limiter's Redis client; the pool is this context's, closed below.
    await application?.close().catch(() => undefined);
    await this.database?.close().catch(() => undefined);
  }
}
