import { MigrationInterface, QueryRunner } from 'typeorm';

// Zendesk macros as knowledge (docs/macros.md): stored as articles of their own source, and where a macro sync
// pass stands, so a restarted sync continues from the page it reached.
export class MacroKnowledge1766903587211 implements MigrationInterface {
  name = 'MacroKnowledge1766903587211';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE kb_articles
        DROP CONSTRAINT kb_articles_source_check,
        ADD CONSTRAINT kb_articles_source_check CHECK (source IN ('api', 'help_center', 'macro'))`);
    // One row while a pass is under way: every macro it listed is marked with pass_id, `cursor` is its next page.
    await db.query(`
      CREATE TABLE kb_macro_sync_state (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
        pass_id uuid NOT NULL,
        cursor text
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kb_macro_sync_state`);
    await db.query(`DELETE FROM kb_articles WHERE source = 'macro'`);
    await db.query(`
      ALTER TABLE kb_articles
        DROP CONSTRAINT kb_articles_source_check,
        ADD CONSTRAINT kb_articles_source_check CHECK (source IN ('api', 'help_center'))`);
  }
}
