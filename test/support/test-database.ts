import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Database } from '../../libs/db/src/index.js';

/** The server the tests use; CI and this machine have PostgreSQL on 127.0.0.1 with trust auth. */
export const TEST_PG_SERVER = process.env.STANCEWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export function databaseUrl(name: string): string {
  return `${TEST_PG_SERVER}/${name}`;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/** A database of its own for one test file, copied from the migrated template (global setup). */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `stancewatch_test_${randomBytes(5).toString('hex')}`;
  const migratedTemplate = process.env.STANCEWATCH_TEST_TEMPLATE;
  if (!migratedTemplate)
    throw new Error(
      'the migrated template database is missing: run the tests with `npm test` (its global setup makes it)',
    );
  const template = options.migrated === false ? 'template0' : migratedTemplate;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = databaseUrl(name);
  const db = new Database(url, { max: 5 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
