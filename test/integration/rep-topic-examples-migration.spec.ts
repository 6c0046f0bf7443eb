import { QueryRunner } from 'typeorm';
import { RepTopicExamples1765600000000 } from '../../migrations/1765600000000-rep-topic-examples';
import { createMigratedDatabase, insertOrganization, MigratedDatabase } from '../support/test-data-source';

// Topics that reps taught before their examples' source was recorded: the migration reads it from the training
// actions, for the examples still there.
describe('Migration RepTopicExamples1765600000000 (real PostgreSQL)', () => {
  const sut = new RepTopicExamples1765600000000();
  let db: MigratedDatabase;
  let runner: QueryRunner;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    runner = db.dataSource.createQueryRunner();
    await sut.down(runner);
  });
  afterAll(async () => {
    await runner?.release();
    await db?.close();
  });

  it("fills in the reps' examples from the recorded actions, and its down drops them", async () => {
    const query = (sql: string, parameters: unknown[] = []) => db.dataSource.query(sql, parameters);
    const organizationId = await insertOrganization(db.dataSource);
    const [topic] = await query(
      `INSERT INTO topics (organization_id, name, description, keywords, examples, zendesk_tags, no_assist)
       VALUES ($1, 'Billing', 'Invoices', '{}', ARRAY['admin wrote this', 'taught by a rep', 'taught again'], '{}', false) RETURNING id`,
      [organizationId],
    );
    // Three examples reps added, one of them since removed by an admin, and the admin's text taught to another topic.
    for (const [question, topicId] of [
      ['taught by a rep', topic.id],
      ['taught again', topic.id],
      ['removed since', topic.id],
      ['admin wrote this', '00000000-0000-4000-8000-000000000000'],
    ]) {
      const [suggestion] = await query(
        `INSERT INTO suggestions (organization_id, ticket_id, comment_id, event_id, question, reply, note_html, sources, sourced)
         VALUES ($1, '1', '1', gen_random_uuid(), $2, 'r', 'n', '[]', true) RETURNING id`,
        [organizationId, question],
      );
      await query(`INSERT INTO training_actions (organization_id, suggestion_id, kind, details) VALUES ($1, $2, 'topic_example_added', $3)`, [
        organizationId,
        suggestion.id,
        { topicId, topic: 'Billing' },
      ]);
    }

    await sut.up(runner);
    expect(await query(`SELECT rep_examples FROM topics WHERE id = $1`, [topic.id])).toEqual([{ rep_examples: ['taught by a rep', 'taught again'] }]);

    await sut.down(runner);
    const columns = await query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'topics' AND column_name = 'rep_examples'`);
    expect(columns).toEqual([]);
  });
});
