import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Observable } from 'rxjs';
import { requestIdFrom, withRequestId } from '../../../../libs/config/src/index.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const requestIds = new WeakMap<Request, string>();

/** The id `requestIdMiddleware` gave this request (undefined before it ran). */
export function requestIdOf(request: Request): string | undefined {
  return requestIds.get(request);
}

/**
 * First on every request: takes the client's X-Request-Id when it is sane (1-128 letters, digits and
 * `-_.:@/+=`), else makes one, and returns it on the response before anything can answer, errors
 * included. The rest of the request runs with it as the current request id.
 */
export function requestIdMiddleware() {
  return (request: Request, response: Response, next: NextFunction): void => {
    const id = requestIdFrom(request.headers['x-request-id']);
    requestIds.set(request, id);
    response.setHeader(REQUEST_ID_HEADER, id);
    withRequestId(id, next);
  };
}

/**
 * Runs the route's handler with the request's id current again: body parsers resume on the socket's
 * events, where the middleware's context may no longer hold, and the handler is where jobs are queued.
 */
@Injectable()
export class RequestIdInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const id = requestIdOf(context.switchToHttp().getRequest<Request>());
    return new Observable((subscriber) => withRequestId(id, () => next.handle().subscribe(subscriber)));
  }
}
