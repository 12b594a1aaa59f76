import type { NextFunction, Request, Response } from 'express';
import { httpRequestSeconds } from './metrics.js';

/**
 * Express middleware timing every request by its route template (`/api/v1/feeds/:id`), read when
 * the response is finished, so requests refused by guards count too. Requests that matched no route
 * (static files, 404s) share `route="other"`, so a scan of random URLs cannot explode the label set.
 */
export function httpMetricsMiddleware() {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = httpRequestSeconds.startTimer();
    response.once('finish', () => {
      const route = routeTemplateOf(request) ?? 'other';
      stop({ method: request.method, route, status_class: `${Math.floor(response.statusCode / 100)}xx` });
    });
    next();
  };
}

/** The route template a request matched (`/api/v1/feeds/:id`), null when it matched none. */
export function routeTemplateOf(request: Request): string | null {
  const template = (request.route as { path?: unknown } | undefined)?.path;
  return typeof template === 'string' ? `${request.baseUrl}${template}` : null;
}
