import { QueryFailedError } from 'typeorm';
import { DatabaseLocation } from '../../src/shared/database/database.module';
import { poolOf, preparedStatement, queryPreparedAfter, queryPreparedOnPool } from '../../src/shared/database/prepared-statement';
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

  describe('queryPreparedAfter', () => {
    const settingWorkMem = { ...preparedStatement(`SELECT set_config('work_mem', $1::text, true)`, []), values: ['7MB'] };
    const statement = preparedStatement(`SELECT current_setting('work_mem') AS work_mem, $1::text AS text, $2::int AS n, $3::text AS missing, 1 / $4::int AS one`, []);

    it('runs the statement under its setup, prepared once a connection, its values sent as they are', async () => {
      const text = `it's a \\ back'slash; DROP TABLE prepared_probe; --`;
      const plain = 'no quote, no backslash: sent as it is';
      // The pool hands the same idle connection back: a second PREPARE of the name there would fail.
      for (let i = 0; i < 3; i++) {
        expect(await queryPreparedAfter(poolOf(db.dataSource), settingWorkMem, { ...statement, values: [text, 5, null, 1] })).toEqual([
          { work_mem: '7MB', text, n: 5, missing: null, one: 1 },
        ]);
      }
      expect(await queryPreparedAfter(poolOf(db.dataSource), settingWorkMem, { ...statement, values: [plain, 6, null, 1] })).toEqual([
        { work_mem: '7MB', text: plain, n: 6, missing: null, one: 1 },
      ]);
      // The setting held for that transaction only.
      expect(await db.dataSource.query(`SELECT current_setting('work_mem') AS work_mem`)).not.toEqual([{ work_mem: '7MB' }]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM prepared_probe`)).toEqual([{ n: expect.any(Number) }]);
    });

    it('fails with the statement, and the next call succeeds', async () => {
      await expect(queryPreparedAfter(poolOf(db.dataSource), settingWorkMem, { ...statement, values: ['a', 1, null, 0] })).rejects.toMatchObject({ code: '22012' });
      expect(await queryPreparedAfter(poolOf(db.dataSource), settingWorkMem, { ...statement, values: ['a', 1, null, 1] })).toEqual([
        { work_mem: '7MB', text: 'a', n: 1, missing: null, one: 1 },
      ]);
    });
  });
});
