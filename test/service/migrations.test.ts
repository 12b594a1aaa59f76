import { runMigrations } from '../../libs/db/src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('migrations', () => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await createTestDatabase({ migrated: false });
  });

  afterAll(async () => {
    await target.drop();
  });

  it('apply once when two processes start together, and change nothing when run again', async () => {
    const [first, second] = await Promise.all([runMigrations(target.url), runMigrations(target.url)]);
    const applied = [...first.applied, ...second.applied];
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);

    const tables = await target.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['articles', 'feed_items', 'feed_polls', 'feeds', 'stories']),
    );

    const again = await runMigrations(target.url);
    expect(again.applied).toEqual([]);
    const recorded = await target.db.query(`SELECT name FROM pgmigrations`);
    expect(recorded).toHaveLength(applied.length);
  });
});
