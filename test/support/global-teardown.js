import pg from 'pg';

const server = process.env.STANCEWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export default async function globalTeardown() {
  const template = process.env.STANCEWATCH_TEST_TEMPLATE;
  if (!template) return;
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await client.end();
}
