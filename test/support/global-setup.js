// Plain JavaScript: Jest loads global setup outside its module system, so it cannot import our
// TypeScript. It migrates a template database once per run; each test file copies it.
import { runner } from 'node-pg-migrate';
import pg from 'pg';

const server = process.env.STANCEWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';
// One template per run, so runs side by side (a developer's and CI's) never drop each other's.
const template = `stancewatch_test_template_${process.pid}`;

async function admin(sql) {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  await dropLeftovers();
  await admin(`CREATE DATABASE ${template}`);
  process.env.STANCEWATCH_TEST_TEMPLATE = template;
  await runner({
    databaseUrl: `${server}/${template}`,
    dir: new URL('../../migrations', import.meta.url).pathname,
    migrationsTable: 'pgmigrations',
    direction: 'up',
    count: Infinity,
    log: () => undefined,
    logger: { debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error },
  });
}

/** Test databases of runs that were killed before their teardown, older than an hour. */
async function dropLeftovers() {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database d WHERE datname LIKE 'stancewatch\\_test\\_%'
         AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '1 hour'`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } catch {
    // pg_stat_file needs superuser; without it leftovers stay, which is harmless.
  } finally {
    await client.end();
  }
}
