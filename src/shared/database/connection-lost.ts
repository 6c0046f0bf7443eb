import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

// SQLSTATE classes and codes that mean "the database went away" (failover, pooler restart, terminated backend,
// server starting or refusing connections), not "this statement is wrong": worth trying again on a new connection.
const CONNECTION_EXCEPTION = '08';
const GONE = new Set(['57P01', '57P02', '57P03']);
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
// node-postgres reports a socket closed under a query without a code; a database closed to connections (55000)
// shares its code with unrelated errors, so it is told by its message.
const CLOSED = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|not currently accepting connections/i;

export function isConnectionLost(error: unknown): boolean {
  // TypeORM releases a transaction's query runner when its connection breaks; the transaction's next statement
  // (or its rollback) then fails with one of these instead of the connection's error.
  if (error instanceof QueryRunnerProviderAlreadyReleasedError || error instanceof QueryRunnerAlreadyReleasedError) return true;
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith(CONNECTION_EXCEPTION) || GONE.has(code) || SOCKET_ERRORS.has(code))) return true;
  return cause instanceof Error && CLOSED.test(cause.message);
}
