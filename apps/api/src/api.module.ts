import { Module, type DynamicModule } from '@nestjs/common';
import { LensModule, Lenses } from '../../../libs/lens/src/index.js';
import { ScoringDefaults } from './articles/scoring-defaults.js';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AppConfig, ConfigModule } from '../../../libs/config/src/index.js';
import { ScoringModule } from '../../../libs/scoring/src/index.js';
import { DbModule, repositoryProvider, ApiKeyRepository } from '../../../libs/db/src/index.js';
import { FeedsModule } from '../../../libs/feeds/src/index.js';
import { TrendsModule } from '../../../libs/trends/src/index.js';
import { AnnotationsController } from './annotations/annotations.controller.js';
import { ArticlesController } from './articles/articles.controller.js';
import { ArticleImportController } from './articles/article-import.controller.js';
import { ArticleListController } from './articles/article-list.controller.js';
import { LabelsController } from './labels/labels.controller.js';
import { ValidationController } from './validation/validation.controller.js';
import { AccessGuard } from './auth/access.guard.js';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.js';
import { FeedListsController } from './feeds/feed-lists.controller.js';
import { FeedsController } from './feeds/feeds.controller.js';
import { ApiStateMetrics } from './health/api-state-metrics.js';
import { HealthController } from './health/health.controller.js';
import { metricsController } from './health/metrics.controller.js';
import { MetricsModule } from '../../../libs/metrics/src/index.js';
import { QueueModule } from '../../../libs/queue/src/index.js';
import { HttpShutdown } from './http/http-shutdown.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestIdInterceptor } from './http/request-id.js';
import { RateLimitGuard } from './http/rate-limit.guard.js';
import { RedisRateLimitStorage } from './http/rate-limit.storage.js';
import { ModelsController } from './models/models.controller.js';
import { SourcesController } from './sources/sources.controller.js';
import { TrendsController } from './trends/trends.controller.js';
import { WebhooksModule, AlertRulesModule } from '../../../libs/alerts/src/index.js';
import { WebhookDeliveriesController } from './webhooks/webhook-deliveries.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { AlertEventsController } from './alerts/alert-events.controller.js';
import { AlertRulesController } from './alerts/alert-rules.controller.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LensModule,
        DbModule.forRole('api'),
        // A request that queues work answers 503 at once while Redis is away.
        QueueModule.forRole('request'),
        FeedsModule,
        TrendsModule,
        ScoringModule,
        WebhooksModule,
        AlertRulesModule,
        MetricsModule,
      ],
      controllers: [
        // Before FeedsController: its `GET :id` would take `export` for a feed id.
        FeedListsController,
        FeedsController,
        ArticleListController,
        ArticleImportController,
        ArticlesController,
        LabelsController,
        ValidationController,
        SourcesController,
        TrendsController,
        AnnotationsController,
        ModelsController,
        HealthController,
        metricsController(config.api.metricsOpen),
        WebhookDeliveriesController,
        WebhooksController,
        AlertRulesController,
        AlertEventsController,
      ],
      providers: [
        HttpShutdown,
        ApiStateMetrics,
        repositoryProvider(ApiKeyRepository),
        {
          provide: ScoringDefaults,
          inject: [AppConfig, Lenses],
          useFactory: (appConfig: AppConfig, lenses: Lenses) => new ScoringDefaults(appConfig, lenses),
        },
        {
          provide: RedisRateLimitStorage,
          useFactory: (appConfig: AppConfig) =>
            new RedisRateLimitStorage(appConfig.redisUrl, appConfig.queuePrefix),
          inject: [AppConfig],
        },
        ApiKeyAuthenticator,
        // Also a provider of its own: the trend and sources routes spend its stricter limit.
        RateLimitGuard,
        // Order matters: count the request against its caller first, so refused attempts are limited too.
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: RequestIdInterceptor },
      ],
    };
  }
}
