import { MigrationInterface, QueryRunner } from 'typeorm';

// Organization admin API keys (only their SHA-256 is stored), the settings audit log, and the settings that
// were still hard-coded: which ticket statuses Assist acts on and the language of the note's own words.
export class AdminApiKeys1764600000000 implements MigrationInterface {
  name = 'AdminApiKeys1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE admin_api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL,
        token_sha256 bytea NOT NULL UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX admin_api_keys_org_idx ON admin_api_keys (organization_id, created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE admin_audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        actor text NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX admin_audit_log_org_idx ON admin_audit_log (organization_id, created_at DESC, id DESC)`);
    await db.query(`
      ALTER TABLE organizations
        ADD COLUMN actionable_statuses text[] NOT NULL DEFAULT '{new,open,pending,hold}',
        ADD COLUMN note_language text NOT NULL DEFAULT 'en'`);
    // Keyset pagination of the admin lists (newest first).
    await db.query(`CREATE INDEX organizations_created_idx ON organizations (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX decisions_org_created_idx ON decisions (organization_id, created_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX decisions_org_created_idx`);
    await db.query(`DROP INDEX organizations_created_idx`);
    await db.query(`ALTER TABLE organizations DROP COLUMN actionable_statuses, DROP COLUMN note_language`);
    await db.query(`DROP TABLE admin_audit_log`);
    await db.query(`DROP TABLE admin_api_keys`);
  }
}
