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

/**
 * Which process opens the pool: its statements get that role's time limit (DatabaseTimeouts). The
 * command line has none: its imports, rebuilds and migrations run as long as they need.
 */
export type DatabaseRole = 'api' | 'worker' | 'cli';

/** The pool of one process in its role: the one way stancewatch opens a Database. */
export function openDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'databaseTimeouts'>,
  role: DatabaseRole,
): Database {
  if (role === 'cli') return new Database(config.databaseUrl, { max: 4, applicationName: 'stancewatch-cli' });
  return new Database(config.databaseUrl, {
    applicationName: `stancewatch-${role}`,
    queryTimeoutMs:
      role === 'api' ? config.databaseTimeouts.apiQueryMs : config.databaseTimeouts.workerQueryMs,
  });
}

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
          useFactory: (config: AppConfig) => openDatabase(config, role),
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

  /**
   * A pool its owner opened already and closes itself: the command line opens one before it knows
   * whether a command needs the modules, and the modules then share it instead of opening a second.
   */
  static forDatabase(db: Database): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [{ provide: Database, useValue: db }],
      exports: [Database],
    };
  }
}
