import { MigrationInterface, QueryRunner } from 'typeorm';

// Macros and solved tickets as knowledge (issue 15): both off until an admin turns them on, since both read more of
// the account than the help center (solved tickets hold customers' words, stripped of personal data before storage).
export class MacrosAndSolvedTicketsSettings1766900412000 implements MigrationInterface {
  name = 'MacrosAndSolvedTicketsSettings1766900412000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations
        ADD COLUMN macros_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN macros_include_restricted boolean NOT NULL DEFAULT false,
        ADD COLUMN solved_tickets_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN solved_tickets_lookback_days integer NOT NULL DEFAULT 180`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations
        DROP COLUMN macros_enabled, DROP COLUMN macros_include_restricted,
        DROP COLUMN solved_tickets_enabled, DROP COLUMN solved_tickets_lookback_days`);
  }
}
