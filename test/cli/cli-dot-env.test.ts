import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const BIN = join(import.meta.dirname, '../../bin/stancewatch.js');

/** The command as an operator runs it from a folder holding a .env file. */
async function stancewatchIn(cwd: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code ?? 1, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the command line reads .env from its working directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stancewatch-dotenv-'));
  let fromFile: TestDatabase;
  let fromEnvironment: TestDatabase;

  beforeAll(async () => {
    [fromFile, fromEnvironment] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    writeFileSync(join(dir, '.env'), `# the operator's settings\nDATABASE_URL=${fromFile.url}\n`);
  });
  afterAll(async () => {
    await Promise.all([fromFile?.drop(), fromEnvironment?.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("uses the file's DATABASE_URL, and the environment's where both set it", async () => {
    const viaFile = await stancewatchIn(dir, [
      'keys',
      'create',
      '--name',
      'from-file',
      '--scope',
      'read',
      '--json',
    ]);
    expect(viaFile).toMatchObject({ code: 0 });
    expect((await new ApiKeyRepository(fromFile.db).list()).map((key) => key.name)).toEqual(['from-file']);

    const viaEnvironment = await stancewatchIn(
      dir,
      ['keys', 'create', '--name', 'from-environment', '--scope', 'read', '--json'],
      { DATABASE_URL: fromEnvironment.url },
    );
    expect(viaEnvironment).toMatchObject({ code: 0 });
    expect((await new ApiKeyRepository(fromEnvironment.db).list()).map((key) => key.name)).toEqual([
      'from-environment',
    ]);
    expect(await new ApiKeyRepository(fromFile.db).list()).toHaveLength(1);
  });

  it('says which variable of the file is wrong', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'stancewatch-dotenv-bad-'));
    try {
      writeFileSync(join(bad, '.env'), 'PORT=eighty\n');
      const run = await stancewatchIn(bad, ['keys', 'list']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/PORT: .*\(got "eighty"\)/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
