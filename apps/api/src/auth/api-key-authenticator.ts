import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { apiKeyDigest, ApiKeyRepository, type ApiScope } from '../../../../libs/db/src/index.js';

/** Who is calling: nobody in particular, the holder of a valid key, or someone with a bad header or key. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'key'; id: number | null; name: string; scopes: ApiScope[] }
  | { kind: 'invalid'; problem: string };

const ANONYMOUS: Caller = { kind: 'anonymous' };

/** The name the bootstrap ADMIN_API_KEY goes by, in errors and logs. */
export const BOOTSTRAP_KEY_NAME = 'ADMIN_API_KEY';

/**
 * Who a key's labels are from: the key's name (names need not be unique, so two keys of one name
 * label as one annotator), and `admin` for the bootstrap ADMIN_API_KEY.
 */
export function annotatorOf(caller: Extract<Caller, { kind: 'key' }>): string {
  return caller.id === null ? 'admin' : caller.name;
}
// Keys are `sw_` + 43 base64url characters and ADMIN_API_KEY is an operator's string; nothing longer is a key.
const MAX_KEY_LENGTH = 512;
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves the `Authorization: Bearer` key of a request once (the rate limiter and the access guard
 * both ask). Stored keys are found by the SHA-256 digest of the key, so the raw key is never compared;
 * ADMIN_API_KEY is a bootstrap key with the admin scope, compared as digests in constant time.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly bootstrapDigest: Buffer | null;
  private readonly callers = new WeakMap<object, Promise<Caller>>();
  private readonly settled = new WeakMap<object, Caller>();
  private readonly lastTouched = new Map<number, number>();

  constructor(
    config: AppConfig,
    private readonly keys: ApiKeyRepository,
  ) {
    this.bootstrapDigest = config.adminApiKey ? apiKeyDigest(config.adminApiKey) : null;
  }

  identify(request: Request): Promise<Caller> {
    let caller = this.callers.get(request);
    if (!caller) {
      caller = this.resolve(request.headers.authorization);
      this.callers.set(request, caller);
      caller.then(
        (settled) => this.settled.set(request, settled),
        () => undefined,
      );
    }
    return caller;
  }

  /** Who the request turned out to be from, once identified (the access log); undefined before. */
  settledCaller(request: Request): Caller | undefined {
    return this.settled.get(request);
  }

  private async resolve(header: string | undefined): Promise<Caller> {
    if (header === undefined || header.trim() === '') return ANONYMOUS;
    const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
    if (!match)
      return {
        kind: 'invalid',
        problem: 'the Authorization header must be `Bearer <key>` (one key, no spaces)',
      };
    const key = match[1];
    const digest = apiKeyDigest(key);
    if (this.bootstrapDigest && timingSafeEqual(digest, this.bootstrapDigest))
      return { kind: 'key', id: null, name: BOOTSTRAP_KEY_NAME, scopes: ['admin'] };
    if (key.length > MAX_KEY_LENGTH) return unknownKey();
    const record = await this.keys.findActive(key).catch((error: unknown) => {
      this.logger.error({ msg: 'API key lookup failed', error: String(error) });
      throw new ServiceUnavailableException('cannot check the API key now: the database does not answer');
    });
    if (!record) return unknownKey();
    this.touch(record.id);
    return { kind: 'key', id: record.id, name: record.name, scopes: record.scopes };
  }

  /** last_used_at, written at most once a minute per key per process (the SQL also guards it). */
  private touch(id: number): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.lastTouched.set(id, now);
    this.keys.touch(id).catch((error: unknown) => {
      this.logger.warn({ msg: 'could not record API key use', keyId: id, error: String(error) });
    });
  }
}

function unknownKey(): Caller {
  return {
    kind: 'invalid',
    problem: 'the API key is unknown or revoked (see `npx stancewatch keys list`)',
  };
}
