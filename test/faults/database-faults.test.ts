import { Database, isBackendUnavailable } from '../../libs/db/src/index.js';
import { startTcpProxy, type TcpProxy } from '../../bench/tcp-proxy.js';
import { TEST_PG_SERVER, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const QUERY_TIMEOUT_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pool under the faults the worker meets in production, one at a time and on purpose: a reset
 * between two statements of a transaction (what once ended the worker process at random during the
 * PostgreSQL outage test), a connection that stops answering, and a statement that is merely slow.
 */
describe('the database pool when PostgreSQL goes away', () => {
  let target: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;

  beforeAll(async () => {
    target = await createTestDatabase();
    const server = new URL(TEST_PG_SERVER);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    const viaProxy = new URL(target.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    db = new Database(viaProxy.toString(), {
      max: 2,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      connectTimeoutMs: 2_000,
    });
  });

  afterAll(async () => {
    await db?.close();
    await proxy?.close().catch(() => undefined);
    await target?.drop();
  });

  const backends = async () =>
    (
      await target.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND application_name = 'stancewatch'`,
      )
    )[0].n;

  it('rejects a transaction whose connection is reset between two statements, and the process lives on', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS fault_probe (n int)');
    const transaction = db.transaction(async (client) => {
      await client.query('INSERT INTO fault_probe VALUES (1)');
      await proxy.cut();
      // The reset reaches the checked-out client while no statement of ours is running on it.
      await sleep(200);
      await client.query('INSERT INTO fault_probe VALUES (2)');
    });
    const error = await transaction.then(
      () => null,
      (rejected: unknown) => rejected,
    );
    expect(error).not.toBeNull();
    expect(isBackendUnavailable(error)).toBe(true);
    expect(db.pool.totalCount).toBe(0);
    await proxy.restore();

    expect(await db.query('SELECT count(*)::int AS n FROM fault_probe')).toEqual([{ n: 0 }]);
    await db.transaction((client) => client.query('INSERT INTO fault_probe VALUES (3)'));
    expect(await db.query('SELECT n FROM fault_probe')).toEqual([{ n: 3 }]);
  });

  it('gives up on a connection that stops answering, destroys it, and works again once it answers', async () => {
    await db.query('SELECT 1');
    proxy.freeze();
    const started = Date.now();
    const error = await db
      .transaction((client) => client.query('SELECT 1'))
      .then(
        () => null,
        (rejected: Error) => rejected,
      );
    const waitedMs = Date.now() - started;
    expect(error?.message).toMatch(/Query read timeout/);
    expect(isBackendUnavailable(error)).toBe(true);
    // The statement limit plus the client's grace of a second, not a wait for ever.
    expect(waitedMs).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS);
    expect(waitedMs).toBeLessThan(QUERY_TIMEOUT_MS + 5_000);
    // The stuck client is gone from the pool, not handed to the next caller.
    expect(db.pool.totalCount).toBe(0);
    proxy.thaw();
    expect(await db.query('SELECT 2 AS n')).toEqual([{ n: 2 }]);
  });

  it('cancels a statement past its limit on the server and keeps the connection', async () => {
    await db.query('SELECT 1');
    const before = await backends();
    const error = await db.query('SELECT pg_sleep(5)').then(
      () => null,
      (rejected: { code?: string }) => rejected,
    );
    expect(error?.code).toBe('57014');
    // Too slow is a failure of the statement, not an outage: a job retries it on its own backoff.
    expect(isBackendUnavailable(error)).toBe(false);
    expect(await db.query('SELECT 3 AS n')).toEqual([{ n: 3 }]);
    expect(await backends()).toBe(before);
  });
});
