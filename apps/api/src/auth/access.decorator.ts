import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * Who may call a route: `public` anyone (health, docs); `read` anyone when READS_OPEN, else a read or
 * admin key; `admin` an admin key, always.
 */
export type AccessLevel = 'public' | 'read' | 'admin';

export const ACCESS_METADATA = 'stancewatch:access';

/** The OpenAPI extension that names each operation's access level; tests and clients read it. */
export const ACCESS_EXTENSION = 'x-access';

/** Declares a route's access level, for the guard and in the OpenAPI document. */
export const Access = (level: AccessLevel) =>
  applyDecorators(SetMetadata(ACCESS_METADATA, level), ApiExtension(ACCESS_EXTENSION, level));

/**
 * A route that does not declare its access: reads need the read scope, anything that can change
 * state needs admin. So a new write route is never open by omission.
 */
export function defaultAccess(httpMethod: string): AccessLevel {
  return ['GET', 'HEAD', 'OPTIONS'].includes(httpMethod.toUpperCase()) ? 'read' : 'admin';
}
