import { MigrationInterface, QueryRunner } from 'typeorm';

// The full-text indexes a first Help Center load into an empty knowledge base drops and builds once at its end
// (SyncRecords.deferTextIndexesIfEmpty), with the definitions to build them from: a load that stopped half-way
// leaves them here until the next sync ends.
export class DeferredTextIndexes1766847213905 implements MigrationInterface {
  name = 'DeferredTextIndexes1766847213905';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE kb_deferred_indexes (name text PRIMARY KEY, definition text NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const { definition } of await db.query(`SELECT definition FROM kb_deferred_indexes`)) await db.query(definition);
    await db.query(`DROP TABLE kb_deferred_indexes`);
  }
}
