import { createHash } from 'node:crypto';
import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { stancewatch } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('stancewatch keys', () => {
  let target: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    target = await createTestDatabase();
    env = { DATABASE_URL: target.url };
  });

  afterAll(async () => {
    await target.drop();
  });

  it('creates a key, prints it once, and stores only its SHA-256 digest', async () => {
    const run = await stancewatch(
      ['keys', 'create', '--name', 'dashboard', '--scope', 'read', '--json'],
      env,
    );
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({ name: 'dashboard', scopes: ['read'], revokedAt: null });
    expect(created.key).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);

    const [row] = await target.db.query<{ key_hash: Buffer; text: string }>(
      `SELECT key_hash, row_to_json(api_keys)::text AS text FROM api_keys WHERE id = $1`,
      [created.id],
    );
    expect(row.key_hash.equals(createHash('sha256').update(created.key).digest())).toBe(true);
    expect(row.text).not.toContain(created.key.slice(3));
    expect(await new ApiKeyRepository(target.db).findActive(created.key)).toMatchObject({ id: created.id });

    const plain = await stancewatch(['keys', 'create', '--name', 'ops', '--scope', 'admin'], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);
    expect(plain.stderr).toMatch(/only time it is shown/);
    expect(plain.stdout.trim()).not.toBe(created.key);
  });

  it('lists keys without the keys, and revokes one', async () => {
    const listed = await stancewatch(['keys', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    const keys = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(keys.map((k) => k.name)).toEqual(['dashboard', 'ops']);
    expect(listed.stdout).not.toMatch(/sw_|key_?hash/i);

    const revoked = await stancewatch(['keys', 'revoke', String(keys[0].id)], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/revoked/);
    const after = (await new ApiKeyRepository(target.db).list()).find((k) => k.id === keys[0].id);
    expect(after?.revokedAt).toBeInstanceOf(Date);
    expect((await stancewatch(['keys', 'list'], env)).stdout).toMatch(/revoked\s+read\s+dashboard/);
  });

  it('says what is wrong with a bad scope, a missing name or an unknown id', async () => {
    const badScope = await stancewatch(['keys', 'create', '--name', 'x', '--scope', 'write'], env);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toMatch(/read, admin/);
    expect((await stancewatch(['keys', 'create', '--scope', 'read'], env)).code).toBe(2);
    const unknown = await stancewatch(['keys', 'revoke', '99999'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no key with id 99999/);
    expect((await stancewatch(['keys', 'revoke', 'abc'], env)).code).toBe(2);
  });
});
