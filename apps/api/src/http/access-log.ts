import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeTemplateOf } from '../../../../libs/metrics/src/index.js';
import type { ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import { requestIdOf } from './request-id.js';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON line per request when its response is done: method, route template (`/api/v1/feeds/:id`,
 * null for what matched no route; never the concrete path or the query), status, duration in ms, the
 * name of the API key it used (never the key), the request id, and `aborted` when the client left
 * before the answer was sent. Lines of /healthz, /readyz and /metrics are written at debug level.
 */
export function accessLog(authenticator: ApiKeyAuthenticator) {
  const logger = new Logger('AccessLog');
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      const caller = authenticator.settledCaller(request);
      const route = routeTemplateOf(request);
      const line = {
        msg: 'request',
        method: request.method,
        route,
        status: response.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        keyName: caller?.kind === 'key' ? caller.name : null,
        requestId: requestIdOf(request),
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      // Probes and scrapes come every few seconds: their lines show at LOG_LEVEL=debug.
      if (route !== null && PROBES.has(route)) logger.debug(line);
      else logger.log(line);
    });
    next();
  };
}
