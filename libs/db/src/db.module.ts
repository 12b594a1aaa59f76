import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/src/index.js';
import { Database } from './database.js';
import { ArticleRepository } from './repositories/article.repository.js';
import { FeedPollRepository } from './repositories/feed-poll.repository.js';
import { FeedRepository } from './repositories/feed.repository.js';

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: Database,
      useFactory: (config: AppConfig) => new Database(config.databaseUrl),
      inject: [AppConfig],
    },
    {
      provide: DatabaseLifecycle,
      useFactory: (db: Database) => new DatabaseLifecycle(db),
      inject: [Database],
    },
    { provide: FeedRepository, useFactory: (db: Database) => new FeedRepository(db), inject: [Database] },
    {
      provide: ArticleRepository,
      useFactory: (db: Database) => new ArticleRepository(db),
      inject: [Database],
    },
    {
      provide: FeedPollRepository,
      useFactory: (db: Database) => new FeedPollRepository(db),
      inject: [Database],
    },
  ],
  exports: [Database, FeedRepository, ArticleRepository, FeedPollRepository],
})
export class DbModule {}
