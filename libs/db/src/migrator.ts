import { join } from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { projectRoot } from './project-root.js';

export interface MigrationReport {
  createdDatabase: boolean;
  applied: string[];
}

/**
 * Applies pending migrations under node-pg-migrate's Postgres advisory lock, waiting for it, so
 * processes that start together apply each migration once. Running it again applies nothing.
 * A missing database is created first, so a fresh server needs no manual step.
 */
export async function runMigrations(
  databaseUrl: string,
  log: (message: string) => void = () => undefined,
): Promise<MigrationReport> {
  const createdDatabase = await createDatabaseIfMissing(databaseUrl);
  const applied = await runner({
    databaseUrl,
    dir: join(projectRoot(), 'migrations'),
    migrationsTable: 'pgmigrations',
    direction: 'up',
    count: Infinity,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log,
    logger: { debug: () => undefined, info: log, warn: log, error: log },
  });
  return { createdDatabase, applied: applied.map((migration) => migration.name) };
}

async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process created it in the meantime.
    if ((error as { code?: string }).code === '42P04') return false;
    throw new Error(
      `database "${name}" does not exist and could not be created: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    await admin.end();
  }
}

/**
 * Drops the database of `databaseUrl` if it exists, disconnecting its sessions (PostgreSQL ≥ 13);
 * true when there was one. For throw-away databases such as the demo's.
 */
export async function dropDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    return (rowCount ?? 0) > 0;
  } finally {
    await admin.end();
  }
}
