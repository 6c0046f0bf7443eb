import { QueryFailedError } from 'typeorm';
import { DatabaseLocation } from '../../src/shared/database/database.module';
import { queryPreparedOnPool } from '../../src/shared/database/prepared-statement';
import { createMigratedDatabase, locationOf, MigratedDatabase } from '../support/test-data-source';

// The pipeline's prepared statements are read as TypeORM's query() answers were: callers did not change.
describe('queryPreparedOnPool (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let location: DatabaseLocation;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    location = await locationOf(db);
    await db.dataSource.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, n int NOT NULL)`);
  });
  afterAll(() => db?.close());

  const both = async (text: string, values: unknown[]) => [await db.dataSource.query(text, values), await queryPreparedOnPool(db.dataSource, location, text, values)];

  it('answers rows, and for an UPDATE or a DELETE its rows and its row count, as TypeORM does', async () => {
    await db.dataSource.query(`INSERT INTO prepared_probe VALUES (1, 10), (2, 20)`);
    const [typeorm, prepared] = await both(`SELECT id, n FROM prepared_probe WHERE n > $1 ORDER BY id`, [5]);
    expect(prepared).toEqual(typeorm);
    expect(prepared).toEqual([{ id: 1, n: 10 }, { id: 2, n: 20 }]);

    const updated = await queryPreparedOnPool(db.dataSource, location, `UPDATE prepared_probe SET n = n + 1 WHERE id = $1 RETURNING n`, [1]);
    expect(updated).toEqual([[{ n: 11 }], 1]);
    expect(await queryPreparedOnPool(db.dataSource, location, `DELETE FROM prepared_probe WHERE id = $1`, [3])).toEqual([[], 0]);
  });

  it('fails as TypeORM does: a QueryFailedError carrying the driver error and its code', async () => {
    const failure = await queryPreparedOnPool(db.dataSource, location, `INSERT INTO prepared_probe VALUES ($1, $2)`, [2, 1]).catch((error: QueryFailedError) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: '23505' });
  });
});
