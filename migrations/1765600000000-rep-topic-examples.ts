import { MigrationInterface, QueryRunner } from 'typeorm';

// Which of a topic's examples reps added from a training page: always a subset of `examples`, so an example an
// admin removes stops counting, and one an admin adds (again) is not a rep's. Existing topics are filled in from
// the recorded `topic_example_added` actions: their ticket's question, still among the examples.
export class RepTopicExamples1765600000000 implements MigrationInterface {
  name = 'RepTopicExamples1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE topics ADD COLUMN rep_examples text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      UPDATE topics t SET rep_examples = ARRAY(
        SELECT e.example FROM unnest(t.examples) WITH ORDINALITY AS e(example, ordinal)
         WHERE EXISTS (
           SELECT 1 FROM training_actions a JOIN suggestions s ON s.id = a.suggestion_id
            WHERE a.organization_id = t.organization_id AND a.kind = 'topic_example_added'
              AND a.details->>'topicId' = t.id::text AND left(s.question, 1000) = e.example)
         ORDER BY e.ordinal)
       WHERE EXISTS (SELECT 1 FROM training_actions a WHERE a.organization_id = t.organization_id AND a.kind = 'topic_example_added')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE topics DROP COLUMN rep_examples`);
  }
}
