import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

import type { ApiScope } from '../../../../libs/db/src/index.js';

/**
 * Who may call a route: `public` anyone (health, docs); `read` anyone when READS_OPEN, else a key of
 * any scope; `annotate` an annotate or admin key, always (gold labels: who said what is an
 * annotator's work, and a sample is drawn for its caller); `admin` an admin key, always.
 */
export type AccessLevel = 'public' | 'read' | 'annotate' | 'admin';

/** The levels each key scope reaches: an annotator may read and label, an admin may do everything. */
const LEVELS_OF_SCOPE: Record<ApiScope, readonly AccessLevel[]> = {
  read: ['read'],
  annotate: ['read', 'annotate'],
  admin: ['read', 'annotate', 'admin'],
};

/** Whether a key with these scopes may call a route of this level (past READS_OPEN). */
export function scopesReach(scopes: readonly ApiScope[], access: AccessLevel): boolean {
  return access === 'public' || scopes.some((scope) => LEVELS_OF_SCOPE[scope].includes(access));
}

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
