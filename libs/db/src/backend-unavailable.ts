// Node's socket errors, and PostgreSQL's: admin_shutdown, crash_shutdown, cannot_connect_now,
// too_many_connections, and the connection_exception class (08…). A statement cancelled by
// statement_timeout (57014) is not among them: the server answered, the statement was too slow.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_SQLSTATES = /^(57P01|57P02|57P03|53300|08\d{3})$/;
// What node-postgres and ioredis say, without a code, when a connection ends, cannot be made, or
// stops answering (node-postgres' query_timeout: the server did not even cancel the statement).
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection is closed|Reached the max retries per request)/;

/**
 * PostgreSQL or Redis went away (a restart, a network cut, a connection that stopped answering):
 * something to wait out and retry, not a bug of ours. The API answers 503; a job is put back.
 */
export function isBackendUnavailable(exception: unknown): boolean {
  // Duck-typed: errors made by Node's own modules need not be instances of this realm's Error.
  if (typeof exception !== 'object' || exception === null) return false;
  const { code, message } = exception as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code)))
    return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}
