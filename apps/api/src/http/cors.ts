import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * CORS only for the configured origins (CORS_ORIGINS); with none, the API sends no CORS header at
 * all, so browsers keep other sites' pages from reading it. Keys travel in `Authorization`, never
 * cookies, so credentials stay off.
 */
export function configureCors(app: NestExpressApplication, origins: string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'Link', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  });
}
