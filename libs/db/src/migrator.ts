import { join } from 'node:path';
import { runner } from 'node-pg-migrate';
import { projectRoot } from './project-root.js';

export interface MigrationReport {
  applied: string[];
}

/**
 * Applies pending migrations under node-pg-migrate's Postgres advisory lock, waiting for it, so
 * processes that start together apply each migration once. Running it again applies nothing.
 */
export async function runMigrations(
  databaseUrl: string,
  log: (message: string) => void = () => undefined,
): Promise<MigrationReport> {
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
  return { applied: applied.map((migration) => migration.name) };
}
