import { MigrationInterface, QueryRunner } from 'typeorm';

// Whether the training page may publish an article fix back to Zendesk Guide: off until an admin turns it on.
export class GuideWriteBack1765000000000 implements MigrationInterface {
  name = 'GuideWriteBack1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations ADD COLUMN guide_write_back boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations DROP COLUMN guide_write_back`);
  }
}
