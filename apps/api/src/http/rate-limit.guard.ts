import {
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request, RequestHandler, Response } from 'express';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import { addressBucket } from './client-address.js';
import { problemBody } from './problem.filter.js';
import { RedisRateLimitStorage } from './rate-limit.storage.js';

const NO_RATE_LIMIT = 'stancewatch:no-rate-limit';
const WINDOW_MS = 60_000;

/** The OpenAPI extension that marks operations outside the rate limit. */
export const RATE_LIMIT_EXTENSION = 'x-rate-limit';

/** Exempts a route (health, metrics) from the rate limit, and says so in the OpenAPI document. */
export const NoRateLimit = () =>
  applyDecorators(SetMetadata(NO_RATE_LIMIT, true), ApiExtension(RATE_LIMIT_EXTENSION, 'none'));

/**
 * RATE_LIMIT_PER_MINUTE requests per caller across all routes, in fixed one-minute windows: per API
 * key when the request carries a valid one, else per client address, so guessing keys spends the
 * address's budget rather than a fresh one per guess. Runs before the access guard for that reason.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly storage: RedisRateLimitStorage,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [context.getHandler(), context.getClass()]))
      return true;
    const http = context.switchToHttp();
    await this.count(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }

  /**
   * Counts the request against its caller; throws HttpException 429 past the limit. Also run as
   * Express middleware for the routes outside Nest (the queue board and its sign-in).
   */
  async count(request: Request, response: Response): Promise<void> {
    const count = await this.storage.hit(await this.callerOf(request), WINDOW_MS);
    if (!count) return;
    const limit = this.config.api.rateLimitPerMinute;
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count.hits)));
    response.setHeader('RateLimit-Reset', String(count.secondsLeft));
    if (count.hits <= limit) return;
    refuse(
      response,
      limit,
      count.secondsLeft,
      `too many requests: at most ${limit} a minute per API key, or per address without one; ` +
        `retry after ${count.secondsLeft} s (the Retry-After header)`,
    );
  }

  /** Whether the request carries a valid API key: such callers are not limited as anonymous ones. */
  async hasKey(request: Request): Promise<boolean> {
    const caller = await this.authenticator.identify(request).catch(() => null);
    return caller?.kind === 'key';
  }

  /**
   * Counts one costly read (a trend or the sources computed, not answered from memory) of a caller
   * without a key against RATE_LIMIT_UNCACHED_PER_MINUTE, in a window of its own beside the one
   * above: changing a parameter each time would otherwise make every request a computation. Callers
   * with a key are not counted (the benchmark measures with one). Over the limit: 429, Retry-After.
   */
  async spendUncachedRead(request: Request, response: Response): Promise<void> {
    if (await this.hasKey(request)) return;
    const count = await this.storage.hit(`uncached:${await this.callerOf(request)}`, WINDOW_MS);
    const limit = this.config.api.uncachedReadsPerMinute;
    if (!count || count.hits <= limit) return;
    refuse(
      response,
      limit,
      count.secondsLeft,
      `too many computed reads: without an API key, at most ${limit} trends or sources a minute per ` +
        `address are computed rather than answered from memory; retry after ${count.secondsLeft} s ` +
        `(the Retry-After header), repeat a request already answered, or send an API key`,
    );
  }

  private async callerOf(request: Request): Promise<string> {
    const caller = await this.authenticator.identify(request).catch(() => null);
    if (caller?.kind === 'key') return `key:${caller.id ?? 'ADMIN_API_KEY'}`;
    // request.ip follows TRUST_PROXY: behind a load balancer it is the client, not the balancer.
    return `address:${addressBucket(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
  }
}

/** A 429 past `limit`, with the headers that say when to come back. */
function refuse(response: Response, limit: number, secondsLeft: number, detail: string): never {
  response.setHeader('RateLimit-Limit', String(limit));
  response.setHeader('RateLimit-Remaining', '0');
  response.setHeader('RateLimit-Reset', String(secondsLeft));
  response.setHeader('Retry-After', String(secondsLeft));
  throw new HttpException(detail, HttpStatus.TOO_MANY_REQUESTS);
}

/** The rate limit for Express routes, answering 429 as problem+json like the rest of the API. */
export function rateLimitMiddleware(limiter: RateLimitGuard): RequestHandler {
  return (request, response, next) => {
    limiter.count(request, response).then(
      () => next(),
      (error: unknown) => {
        if (!(error instanceof HttpException)) return next(error);
        const status = error.getStatus();
        response
          .status(status)
          .type('application/problem+json')
          .json(problemBody(status, error.message, request.path));
      },
    );
  };
}
