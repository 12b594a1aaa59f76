// Plain JavaScript: Jest loads global setup outside its module system, so it cannot import our
// TypeScript. It migrates a template database once per run; each test file copies it.
import { runner } from 'node-pg-migrate';
import pg from 'pg';

const server = process.env.STANCEWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';
const template = 'stancewatch_test_template';

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
  await admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${template}`);
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
