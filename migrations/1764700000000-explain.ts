import { MigrationInterface, QueryRunner } from 'typeorm';

// For GET …/tickets/:id/explain: deliveries refused at the door (bad or stale signature), and the Zendesk
// comment id of each note we posted.
export class Explain1764700000000 implements MigrationInterface {
  name = 'Explain1764700000000';

  async up(db: QueryRunner): Promise<void> {
    // Bounded rows: the verdict and the signature timestamp header, never the unverified body. The ticket id is
    // read from that body, so it is only a hint (anyone can send one), good enough to file the delivery under.
    await db.query(`
      CREATE TABLE webhook_rejections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text,
        verdict text NOT NULL,
        signature_timestamp text,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX webhook_rejections_ticket_idx ON webhook_rejections (organization_id, ticket_id, received_at DESC)`);
    await db.query(`CREATE INDEX webhook_rejections_org_idx ON webhook_rejections (organization_id, received_at DESC)`);
    await db.query(`ALTER TABLE suggestions ADD COLUMN zendesk_comment_id text`);
    await db.query(`CREATE INDEX suggestions_ticket_idx ON suggestions (organization_id, ticket_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX suggestions_ticket_idx`);
    await db.query(`ALTER TABLE suggestions DROP COLUMN zendesk_comment_id`);
    await db.query(`DROP TABLE webhook_rejections`);
  }
}
