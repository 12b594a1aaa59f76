import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../../../libs/config/src/index.js';
import { jsonLogger } from '../../../libs/config/src/index.js';
import { ApiModule } from './api.module.js';

/** The HTTP application, as `main` starts it and as the tests start it. */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger: jsonLogger(config.logLevel, 'api'),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '100kb' });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}
