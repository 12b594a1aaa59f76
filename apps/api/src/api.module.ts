import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig, ConfigModule } from '../../../libs/config/src/index.js';
import { DbModule } from '../../../libs/db/src/index.js';
import { FeedsModule } from '../../../libs/feeds/src/feeds.module.js';
import { ArticlesController } from './articles/articles.controller.js';
import { AdminGuard } from './auth/admin.guard.js';
import { FeedsController } from './feeds/feeds.controller.js';
import { HealthController } from './health/health.controller.js';
import { ProblemFilter } from './http/problem.filter.js';
import { ModelsController } from './models/models.controller.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DbModule, FeedsModule],
      controllers: [FeedsController, ArticlesController, ModelsController, HealthController],
      providers: [AdminGuard, { provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
