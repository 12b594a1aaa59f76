import pg from 'pg';

/** Errors that mean no PostgreSQL server answered (rather than one that answered with a refusal). */
const NO_SERVER = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Null when a PostgreSQL server answers at `databaseUrl` within `timeoutMs` (a missing database, a
 * wrong password or any other answer counts: the server is there and its error says what to change);
 * otherwise why not, in a few words, for a command that cannot start without it and should say so.
 */
export async function whyPostgresUnreachable(databaseUrl: string, timeoutMs = 3_000): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // the connect's rejection says it
  try {
    await client.connect();
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    if (code && NO_SERVER.has(code)) return message;
    if (/timeout/i.test(message) && !code) return message;
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL without its password, for messages. */
export function displayedDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
