import { MigrationInterface, QueryRunner } from 'typeorm';

// Training answers: a rep's corrected answer to a question, retrieved before articles for similar questions.
// The question's vector is stored with its model, as kb_chunks' are: vectors of one model mean nothing to another.
export class TrainingAnswers1764800000000 implements MigrationInterface {
  name = 'TrainingAnswers1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE training_answers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        question text NOT NULL,
        answer text NOT NULL,
        suggestion_id uuid,
        created_by text NOT NULL,
        embedding vector NOT NULL,
        embedding_model text NOT NULL,
        search tsvector NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // Few rows per organization: the lookup scans its organization's answers exactly, no vector index needed.
    await db.query(`CREATE INDEX training_answers_org_idx ON training_answers (organization_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX training_answers_search_idx ON training_answers USING gin (search)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE training_answers`);
  }
}
