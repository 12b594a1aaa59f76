import { Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { Database } from './database.js';

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/**
 * A provider of a repository over the pool. Each library provides the repositories of the tables it
 * owns in its own module; this is how they make them.
 */
export const repositoryProvider = (Repository: new (db: Database) => unknown): Provider => ({
  provide: Repository,
  useFactory: (db: Database) => new Repository(db),
  inject: [Database],
});

/** Which process opens the pool: its statements get that role's time limit (DatabaseTimeouts). */
export type DatabaseRole = 'api' | 'worker';

/** The connection pool, for every module of the app. */
@Module({})
export class DbModule {
  static forRole(role: DatabaseRole): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [
        {
          provide: Database,
          useFactory: (config: AppConfig) =>
            new Database(config.databaseUrl, {
              applicationName: `stancewatch-${role}`,
              queryTimeoutMs:
                role === 'api' ? config.databaseTimeouts.apiQueryMs : config.databaseTimeouts.workerQueryMs,
            }),
          inject: [AppConfig],
        },
        {
          provide: DatabaseLifecycle,
          useFactory: (db: Database) => new DatabaseLifecycle(db),
          inject: [Database],
        },
      ],
      exports: [Database],
    };
  }
}
