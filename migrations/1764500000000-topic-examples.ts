import { MigrationInterface, QueryRunner } from 'typeorm';

// Topics gain example messages and Zendesk tags; each topic's description and examples are embedded once per
// embedding model (one row per text), so classifying a ticket costs one embedding and one query. `source_hash`
// names the texts a row was embedded from: rows of an older text are ignored and replaced.
export class TopicExamples1764500000000 implements MigrationInterface {
  name = 'TopicExamples1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE topics ADD COLUMN examples text[] NOT NULL DEFAULT '{}', ADD COLUMN zendesk_tags text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE TABLE topic_embeddings (
        topic_id uuid NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        embedding_model text NOT NULL,
        ordinal integer NOT NULL,
        source_hash text NOT NULL,
        embedding vector NOT NULL,
        PRIMARY KEY (topic_id, embedding_model, ordinal)
      )`);
    await db.query(`CREATE INDEX topic_embeddings_organization_idx ON topic_embeddings (organization_id, embedding_model)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE topic_embeddings`);
    await db.query(`ALTER TABLE topics DROP COLUMN zendesk_tags, DROP COLUMN examples`);
  }
}
