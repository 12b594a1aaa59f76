import { createHash, timingSafeEqual } from 'node:crypto';
import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../../../libs/config/src/index.js';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Admin routes need `Authorization: Bearer <ADMIN_API_KEY>`; compared as hashes, in constant time. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly keyHash: Buffer | null;

  constructor(config: AppConfig) {
    this.keyHash = config.adminApiKey ? digest(config.adminApiKey) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.keyHash)
      throw new ForbiddenException('the admin API is disabled: set ADMIN_API_KEY on the server to enable it');
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new UnauthorizedException(
        'this route needs the admin key: send `Authorization: Bearer <ADMIN_API_KEY>`',
      );
    if (!timingSafeEqual(digest(match[1]), this.keyHash))
      throw new UnauthorizedException('the admin key is wrong');
    return true;
  }
}
