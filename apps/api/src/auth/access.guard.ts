import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { ACCESS_METADATA, defaultAccess, scopesReach, type AccessLevel } from './access.decorator.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';

/** The access level of the route a request reached: declared with `@Access`, else by its method. */
export function accessOf(reflector: Reflector, context: ExecutionContext): AccessLevel {
  const declared = reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [
    context.getHandler(),
    context.getClass(),
  ]);
  return declared ?? defaultAccess(context.switchToHttp().getRequest<Request>().method);
}

/**
 * One guard for every route: 401 without a key (where one is needed) or with a wrong one, 403 with a
 * key that lacks the scope. Scopes reach levels as `scopesReach` says: admin everything, annotate
 * reading and labels.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = accessOf(this.reflector, context);
    if (access === 'public') return true;
    const http = context.switchToHttp();
    const caller = await this.authenticator.identify(http.getRequest<Request>());
    const refuse = (problem: string): never => {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="stancewatch"');
      throw new UnauthorizedException(problem);
    };
    if (caller.kind === 'invalid') return refuse(caller.problem);
    if (access === 'read' && this.config.api.readsOpen) return true;
    if (caller.kind === 'anonymous')
      return refuse(
        `this route needs an API key with the ${access} scope: send \`Authorization: Bearer <key>\` ` +
          `(an operator creates one with \`npx stancewatch keys create --name NAME --scope ${access}\`)`,
      );
    if (scopesReach(caller.scopes, access)) return true;
    throw new ForbiddenException(
      `the key "${caller.name}" has the scope ${caller.scopes.join(', ')}; this route needs the ${access} scope` +
        (access === 'annotate' ? ' (or admin)' : ''),
    );
  }
}
