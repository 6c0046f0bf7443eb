import { MigrationInterface, QueryRunner } from 'typeorm';

// What a decision's topic classification read (the ticket's text and Zendesk tags), kept for the topic tester
// and erased after the organization's retention. A side table rather than columns on `decisions`: erasing is a
// DELETE of narrow rows, not an UPDATE rewriting every decision with its wide evidence, and the tester reads
// only this table through its own index.
export class DecisionQuestions1765500000000 implements MigrationInterface {
  name = 'DecisionQuestions1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations ADD COLUMN question_retention_days integer NOT NULL DEFAULT 90
        CHECK (question_retention_days BETWEEN 1 AND 3650)`);
    await db.query(`
      CREATE TABLE decision_questions (
        decision_id uuid PRIMARY KEY REFERENCES decisions(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        asked_at timestamptz NOT NULL,
        text text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX decision_questions_org_asked_idx ON decision_questions (organization_id, asked_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE decision_questions`);
    await db.query(`ALTER TABLE organizations DROP COLUMN question_retention_days`);
  }
}
