import { Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { Database } from './database.js';
import { ArticleRepository } from './repositories/article.repository.js';
import { ArticleSearchRepository } from './repositories/article-search.repository.js';
import { FeedPollRepository } from './repositories/feed-poll.repository.js';
import { FeedRepository } from './repositories/feed.repository.js';
import { ModelRepository } from './repositories/model.repository.js';
import { ScoreRepository } from './repositories/score.repository.js';
import { SourceStatsRepository } from './repositories/source-stats.repository.js';

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

const REPOSITORIES = [
  FeedRepository,
  ArticleRepository,
  FeedPollRepository,
  ScoreRepository,
  ModelRepository,
  ArticleSearchRepository,
  SourceStatsRepository,
];

const repository = (Repository: new (db: Database) => unknown): Provider => ({
  provide: Repository,
  useFactory: (db: Database) => new Repository(db),
  inject: [Database],
});

/** Which process opens the pool: its statements get that role's time limit (DatabaseTimeouts). */
export type DatabaseRole = 'api' | 'worker';

/** The connection pool and one repository per aggregate, for every module of the app. */
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
        ...REPOSITORIES.map(repository),
      ],
      exports: [Database, ...REPOSITORIES],
    };
  }
}
