import pg from 'pg';
import { isBackendUnavailable } from './backend-unavailable.js';

// bigint columns (ids, counts) fit in a JS number for any archive this service will hold.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface DatabaseOptions {
  max?: number;
  applicationName?: string;
  /**
   * The longest one statement may run, in milliseconds; null for no limit (migrations, rebuilds,
   * imports). PostgreSQL cancels a statement at this limit (`statement_timeout`), which leaves the
   * connection usable; the client gives up a second later (`query_timeout`), which is what notices a
   * connection that stopped answering without closing: TCP keepalive cannot, when a proxy or a load
   * balancer answers the probes itself. A session left idle inside a transaction this long is closed by
   * the server, so work abandoned mid-transaction never holds row locks.
   */
  queryTimeoutMs?: number | null;
  connectTimeoutMs?: number;
}

/** How much later than the server's statement_timeout the client stops waiting for an answer. */
const CLIENT_GRACE_MS = 1_000;

/** The connection pool. Repositories take a Queryable so they run inside or outside a transaction. */
export class Database {
  readonly pool: pg.Pool;

  constructor(connectionString: string, options: DatabaseOptions = {}) {
    const queryTimeoutMs = options.queryTimeoutMs ?? null;
    this.pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'stancewatch',
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // Finds a peer that vanished (a host gone, a cable pulled) while the connection is idle.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(queryTimeoutMs === null
        ? {}
        : {
            statement_timeout: queryTimeoutMs,
            idle_in_transaction_session_timeout: queryTimeoutMs,
            query_timeout: queryTimeoutMs + CLIENT_GRACE_MS,
          }),
    });
    // An idle client losing its connection (Postgres restart) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query<Row>(sql, params);
    return result.rows;
  }

  /**
   * Runs `work` in one transaction: all of it lands, or none of it. A client whose connection failed
   * is destroyed, never returned to the pool: a reset or a timed-out connection would otherwise be
   * handed to the next caller, whose queries would wait behind the one that never answered.
   */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no listener of the pool's: without one, a connection reset between
    // two statements is an unhandled 'error' event, which ends the process.
    let connectionError: Error | undefined;
    const onError = (error: Error) => {
      connectionError ??= error;
    };
    client.on('error', onError);
    let releaseWith: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      releaseWith = connectionError ?? (isBackendUnavailable(error) ? (error as Error) : undefined);
      if (!releaseWith) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          releaseWith = rollbackError;
        });
      }
      throw error;
    } finally {
      client.release(releaseWith ?? connectionError);
      client.off('error', onError);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
