import { MigrationInterface, QueryRunner } from 'typeorm';

// What the rep did with each suggestion, judged from their public reply: acceptance, how close the reply was,
// which comment it was judged on and when. Topics come from the suggestion's decision, articles from its sources.
export class SuggestionFeedback1764900000000 implements MigrationInterface {
  name = 'SuggestionFeedback1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE suggestions
        ADD COLUMN acceptance text CHECK (acceptance IN ('as_is', 'lightly_edited', 'heavily_edited', 'ignored')),
        ADD COLUMN acceptance_similarity real,
        ADD COLUMN acceptance_comment_id text,
        ADD COLUMN judged_at timestamptz`);
    // The acceptance report reads an organization's suggestions posted in a period.
    await db.query(`CREATE INDEX suggestions_posted_idx ON suggestions (organization_id, posted_at)`);
    await db.query(`CREATE INDEX decisions_suggestion_idx ON decisions (suggestion_id) WHERE suggestion_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX decisions_suggestion_idx`);
    await db.query(`DROP INDEX suggestions_posted_idx`);
    await db.query(`
      ALTER TABLE suggestions
        DROP COLUMN judged_at, DROP COLUMN acceptance_comment_id, DROP COLUMN acceptance_similarity, DROP COLUMN acceptance`);
  }
}
