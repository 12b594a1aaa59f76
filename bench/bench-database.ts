import pg from 'pg';
import { Database, runMigrations } from '../libs/db/src/index.js';

export interface BenchDatabase {
  name: string;
  url: string;
  db: Database;
  /** Drops the database; safe to call more than once. */
  drop(): Promise<void>;
}

async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A migrated database of the benchmark's own, named after the process, on `server` (no database in the URL). */
export async function createBenchDatabase(server: string): Promise<BenchDatabase> {
  const name = `stancewatch_bench_${process.pid}`;
  await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = `${server}/${name}`;
  const db = new Database(url, { max: 8, applicationName: 'stancewatch-bench' });
  let dropped: Promise<void> | null = null;
  const drop = () =>
    (dropped ??= (async () => {
      await db.close().catch(() => undefined);
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    })());
  try {
    await runMigrations(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, db, drop };
}
