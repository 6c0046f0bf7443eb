import { MigrationInterface, QueryRunner } from 'typeorm';

// What reps did on a suggestion's training page: ratings, corrected answers, fixed articles, topic fixes. The
// page shows them as the suggestion's history; a reassigned topic replaces the matched ones in the reports.
export class TrainingActions1765100000000 implements MigrationInterface {
  name = 'TrainingActions1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE training_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        suggestion_id uuid NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('rated', 'answer_corrected', 'article_fixed', 'topic_reassigned', 'topic_example_added', 'topic_marked_no_assist')),
        rating text CHECK (rating IN ('good', 'needs_work')),
        comment text,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX training_actions_suggestion_idx ON training_actions (suggestion_id, created_at)`);
    await db.query(`CREATE INDEX training_actions_org_idx ON training_actions (organization_id, created_at)`);
    await db.query(`ALTER TABLE suggestions ADD COLUMN reassigned_topic_id uuid REFERENCES topics(id) ON DELETE SET NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE suggestions DROP COLUMN reassigned_topic_id`);
    await db.query(`DROP TABLE training_actions`);
  }
}
