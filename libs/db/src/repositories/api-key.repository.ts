import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../database.js';

import type { ApiScope } from '../vocabulary.js';

/** A stored key: never the key itself, only its SHA-256 digest (not returned). */
export interface ApiKeyRecord {
  id: number;
  name: string;
  scopes: ApiScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The raw key, shown once at creation, and what was stored. */
export interface CreatedApiKey {
  key: string;
  record: ApiKeyRecord;
}

const KEY_PREFIX = 'sw_';

/**
 * The digest a key is stored and looked up by. Keys carry 256 random bits, so a plain SHA-256 is
 * enough: there is nothing to brute-force, and a lookup by digest leaks no timing of the key itself.
 */
export function apiKeyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

const COLUMNS = `id, name, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt",
  revoked_at AS "revokedAt"`;

/** API keys with scopes read and admin, stored hashed. */
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  /** Makes a key (`sw_` + base64url of 32 random bytes); the raw key is returned here and never again. */
  async create(name: string, scopes: ApiScope[]): Promise<CreatedApiKey> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const [record] = await this.db.query<ApiKeyRecord>(
      `INSERT INTO api_keys (name, key_hash, scopes) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [name, apiKeyDigest(key), [...new Set(scopes)]],
    );
    return { key, record };
  }

  /** The key's record when it exists and is not revoked. */
  async findActive(key: string): Promise<ApiKeyRecord | null> {
    const [record] = await this.db.query<ApiKeyRecord>(
      `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [apiKeyDigest(key)],
    );
    return record ?? null;
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.db.query<ApiKeyRecord>(`SELECT ${COLUMNS} FROM api_keys ORDER BY id`);
  }

  /** Revokes a key (revoking twice keeps the first time); null when there is no such key. */
  async revoke(id: number): Promise<ApiKeyRecord | null> {
    const [record] = await this.db.query<ApiKeyRecord>(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return record ?? null;
  }

  /** Records use, writing at most once a minute per key so busy keys do not turn reads into writes. */
  async touch(id: number): Promise<void> {
    await this.db.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
