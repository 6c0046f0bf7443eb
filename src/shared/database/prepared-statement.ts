import { createHash } from 'node:crypto';
import { escapeLiteral, Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { DatabaseLocation } from './database.module';

// A CTE that makes its statement's commit skip the wait for the WAL flush, for that statement only (set_config's
// `true`: local to the statement's own transaction; the connection's next statement flushes again). The statement
// must read it (`FROM ${UNFLUSHED_COMMIT}`): PostgreSQL runs a SELECT in WITH only when something reads it, and
// MATERIALIZED runs it once. Only for writes nothing outside the database acts on before a later flushed commit,
// which then keeps them too.
export const UNFLUSHED_COMMIT = 'unflushed_commit';
export const unflushedCommit = `${UNFLUSHED_COMMIT} AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true))`;

// A statement PostgreSQL parses once per connection instead of on every call: pg's named prepared statements,
// which the client remembers for the connection's life. Named by its text, so two texts never share a name.
// Not for the embedded database: PGlite is one session under every socket, so a name prepared on a connection
// the pool closed would still be taken there, and the next connection's Parse of it would fail.
export function preparedStatement(text: string, values: unknown[]): QueryConfig {
  return { name: `s_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values };
}

// Statements a connection prepared through SQL (PREPARE): pg's own record covers only those it parsed itself.
const preparedBySql = new WeakMap<PoolClient, Set<string>>();

// A prepared statement run after a prepared setup statement (settings for its transaction, say) in one round
// trip: a simple-protocol message, whose statements run as one transaction, the values sent as literals. Each is
// prepared on the connection's first use of it, in the same message. Answers the statement's rows.
export async function queryPreparedAfter<T>(pool: Pool, setup: QueryConfig, statement: QueryConfig): Promise<T[]> {
  const client = await pool.connect();
  let results: QueryResult[];
  try {
    const prepared = preparedBySql.get(client) ?? new Set<string>();
    preparedBySql.set(client, prepared);
    const message: string[] = [];
    for (const { name, text } of [setup, statement]) if (!prepared.has(name!)) message.push(`PREPARE ${name} AS ${text}`);
    message.push(execute(setup), execute(statement));
    // A newline before each semicolon: a statement's last line may be a comment.
    results = (await client.query(message.join('\n;\n'))) as unknown as QueryResult[];
    prepared.add(setup.name!).add(statement.name!);
  } catch (error) {
    // Whether the PREPAREs took is unknown: the connection is closed rather than reused.
    client.release(error as Error);
    throw error;
  }
  client.release();
  return results[results.length - 1].rows as T[];
}

const execute = ({ name, values = [] }: QueryConfig) => `EXECUTE ${name}(${values.map(literal).join(', ')})`;

// A value as an SQL literal, as pg's escapeLiteral writes it; text holding no quote nor backslash (an embedding,
// an id) needs no escaping and skips its character-by-character copy (~25 µs for a 512-dimension embedding).
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  return /['\\]/.test(text) ? escapeLiteral(text) : `'${text}'`;
}

// Outside any transaction, on one of the pool's connections, prepared there: the pipeline's hottest statements,
// whose planning cost PostgreSQL more than running them. Answered as TypeORM's query() answers (an UPDATE or a
// DELETE: its rows and its row count) and failing as it fails (QueryFailedError), so callers read it as before.
// On the embedded database, TypeORM's query() (see preparedStatement).
export async function queryPreparedOnPool<T>(db: DataSource, location: DatabaseLocation, text: string, values: unknown[]): Promise<T> {
  if (location.embedded) return db.query(text, values);
  const pool = poolOf(db);
  let result: QueryResult;
  try {
    result = await pool.query(preparedStatement(text, values));
  } catch (error) {
    throw new QueryFailedError(text, values, error);
  }
  return (result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows) as T;
}

// The pg pool under TypeORM's PostgreSQL driver: for statements that need none of TypeORM's query runner.
export function poolOf(db: DataSource): Pool {
  return (db.driver as unknown as { master: Pool }).master;
}
