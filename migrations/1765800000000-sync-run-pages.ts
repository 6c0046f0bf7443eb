import { MigrationInterface, QueryRunner } from 'typeorm';

// A running sync says how far it got: the pages of articles it has read so far (the console's live progress).
export class SyncRunPages1765800000000 implements MigrationInterface {
  name = 'SyncRunPages1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_sync_runs ADD COLUMN pages integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_sync_runs DROP COLUMN pages`);
  }
}
