import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';

/**
 * @deprecated declare `@Access('admin')` instead: the global AccessGuard checks every route and the
 * OpenAPI document shows the scope. Kept so that `@UseGuards(AdminGuard)` still means "admin key only".
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const caller = await this.authenticator.identify(context.switchToHttp().getRequest<Request>());
    if (caller.kind === 'invalid') throw new UnauthorizedException(caller.problem);
    if (caller.kind === 'anonymous')
      throw new UnauthorizedException('this route needs an admin key: send `Authorization: Bearer <key>`');
    if (!caller.scopes.includes('admin')) throw new ForbiddenException('this route needs the admin scope');
    return true;
  }
}
