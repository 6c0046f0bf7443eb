import { createHash } from 'node:crypto';
import { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { DatabaseLocation } from './database.module';

// A statement PostgreSQL parses once per connection instead of on every call: pg's named prepared statements,
// which the client remembers for the connection's life. Named by its text, so two texts never share a name;
// `variant` keeps apart the plans of one text made under different planner settings.
// Not for the embedded database: PGlite is one session under every socket, so a name prepared on a connection
// the pool closed would still be taken there, and the next connection's Parse of it would fail.
export function preparedStatement(text: string, values: unknown[], variant = ''): QueryConfig {
  return { name: `s_${createHash('sha1').update(text).digest('hex').slice(0, 24)}${variant && `_${variant}`}`, text, values };
}

// On the connection of the manager's transaction: TypeORM's own query() only sends text, parsed and planned anew.
export async function queryPrepared<T>(manager: EntityManager, statement: QueryConfig): Promise<T[]> {
  const client: PoolClient = await (manager.queryRunner as PostgresQueryRunner).connect();
  const { rows } = await client.query(statement);
  return rows as T[];
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
