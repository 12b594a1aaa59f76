import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type AppConfig, jsonLogger } from '../../../libs/config/src/index.js';
import { httpMetricsMiddleware } from '../../../libs/metrics/src/index.js';
import { serveQueueBoard } from './admin/queue-board.js';
import { ApiModule } from './api.module.js';
import { IMPORT_PATH, adminImportBodyParsers } from './articles/import-body.js';
import { FEED_LIST_IMPORT_PATH, feedListBodyParsers } from './feeds/feed-list-body.js';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.js';
import { accessLog } from './http/access-log.js';
import { configureCors } from './http/cors.js';
import { serveDashboard } from './http/dashboard.js';
import { serveOpenApi } from './http/openapi.js';
import { requestIdMiddleware } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';

/** The HTTP application, as `main` starts it and as the tests start it. */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger: jsonLogger(config.logLevel, 'api'),
    bodyParser: false,
  });
  // First, so that every answer (errors and refusals too) carries the request id and is logged.
  app.use(requestIdMiddleware());
  app.use(accessLog(app.get(ApiKeyAuthenticator)));
  app.use(httpMetricsMiddleware());
  app.use(securityHeaders());
  configureCors(app, config.api.corsOrigins);
  serveQueueBoard(app);
  app.use(IMPORT_PATH, adminImportBodyParsers(app.get(ApiKeyAuthenticator)));
  app.use(FEED_LIST_IMPORT_PATH, adminImportBodyParsers(app.get(ApiKeyAuthenticator), feedListBodyParsers()));
  app.useBodyParser('json', { limit: '100kb' });
  app.disable('x-powered-by');
  app.set('trust proxy', config.api.trustProxy);
  serveOpenApi(app, config);
  serveDashboard(app);
  // Idle keep-alive connections outlive the clients' (and load balancers') own idle timeouts, so a
  // client never sends a request on a connection the server is closing at that moment.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return app;
}
