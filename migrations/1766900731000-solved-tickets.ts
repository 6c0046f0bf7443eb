import { MigrationInterface, QueryRunner } from 'typeorm';

// Solved tickets as past answers (issue 15): the customer's question and the agent's last public reply, both
// stripped of personal data before they are stored. Looked up as training answers are (lexemes, and a vector with
// its model); one pair per Zendesk ticket, replaced when the ticket is solved again. The export's cursor is kept
// per organization, so a sync resumes at the page it stopped at.
export class SolvedTickets1766900731000 implements MigrationInterface {
  name = 'SolvedTickets1766900731000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE kb_solved_tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        zendesk_ticket_id text NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        question_ts_config regconfig NOT NULL DEFAULT 'english',
        question_terms tsvector NOT NULL,
        embedding vector NOT NULL,
        embedding_model text NOT NULL,
        answered_at timestamptz NOT NULL,
        synced_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (organization_id, zendesk_ticket_id)
      )`);
    await db.query(`CREATE INDEX kb_solved_tickets_org_idx ON kb_solved_tickets (organization_id, answered_at DESC)`);
    await db.query(`CREATE INDEX kb_solved_tickets_terms_idx ON kb_solved_tickets USING gin (tsvector_to_array(question_terms))`);
    await db.query(`
      CREATE TABLE kb_solved_ticket_sync (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
        export_cursor text,
        last_synced_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kb_solved_ticket_sync`);
    await db.query(`DROP TABLE kb_solved_tickets`);
  }
}
