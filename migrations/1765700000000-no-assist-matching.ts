import { MigrationInterface, QueryRunner } from 'typeorm';

// How readily tickets match the organization's no-assist topics: recall first (`strict`) unless the admin says.
export class NoAssistMatching1765700000000 implements MigrationInterface {
  name = 'NoAssistMatching1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations ADD COLUMN no_assist_matching text NOT NULL DEFAULT 'strict' CHECK (no_assist_matching IN ('strict', 'balanced'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations DROP COLUMN no_assist_matching`);
  }
}
