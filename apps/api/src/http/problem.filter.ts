import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isBackendUnavailable } from '../../../../libs/db/src/index.js';
import { QueueUnavailableError } from '../../../../libs/queue/src/index.js';
import { problemBody } from '../../../../libs/http/src/index.js';
import { requestIdOf } from './request-id.js';

/** Every error leaves as RFC 9457 problem+json with a message a person can act on; never a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const queueAway = exception instanceof QueueUnavailableError;
    const unavailable = queueAway || isBackendUnavailable(exception);
    const status = unavailable
      ? HttpStatus.SERVICE_UNAVAILABLE
      : exception instanceof HttpException
        ? exception.getStatus()
        : statusOfBodyError(exception);
    const detail = queueAway
      ? exception.message
      : unavailable
        ? 'the database or the queue is not reachable at the moment; try again shortly'
        : status === 500
          ? 'an internal error occurred; it has been logged'
          : detailOf(exception);
    if (unavailable)
      this.logger.warn({
        msg: 'request refused: backend unavailable',
        path: request.path,
        requestId: requestIdOf(request),
        error: String(exception),
      });
    else if (status >= 500)
      this.logger.error({
        msg: 'request failed',
        path: request.path,
        requestId: requestIdOf(request),
        error: String(exception),
      });
    if (unavailable) response.setHeader('Retry-After', String(RETRY_AFTER_SEC));
    response
      .status(status)
      .type('application/problem+json')
      .json(problemBody(status, detail, request.path));
  }
}

// Shared with the routes outside Nest that answer errors themselves, and with the worker.
export { problemBody };

const RETRY_AFTER_SEC = 5;

/** body-parser's errors (bad JSON, too large) carry their status. */
function statusOfBodyError(exception: unknown): number {
  const status = (exception as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function detailOf(exception: unknown): string {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'string') return body;
    const message = (body as { message?: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
  }
  return exception instanceof Error ? exception.message : String(exception);
}
