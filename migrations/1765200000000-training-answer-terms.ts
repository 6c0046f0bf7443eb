import { MigrationInterface, QueryRunner } from 'typeorm';

// Training answers are found by the words their question shares with a ticket's, weighted by the knowledge
// base's document frequencies: their question's lexemes are kept in the text-search configuration most of the
// organization's knowledge base used when the answer was saved, indexed for the overlap lookup. The unstemmed
// 'simple' vector of question and answer was never read: it goes.
export class TrainingAnswerTerms1765200000000 implements MigrationInterface {
  name = 'TrainingAnswerTerms1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE training_answers
        ADD COLUMN question_ts_config regconfig NOT NULL DEFAULT 'english',
        ADD COLUMN question_terms tsvector`);
    await db.query(`
      UPDATE training_answers a
         SET question_ts_config = coalesce(
               (SELECT s.ts_config FROM kb_corpus_stats s WHERE s.organization_id = a.organization_id ORDER BY s.chunk_count DESC LIMIT 1),
               'english')`);
    await db.query(`UPDATE training_answers SET question_terms = to_tsvector(question_ts_config, question)`);
    await db.query(`ALTER TABLE training_answers ALTER COLUMN question_terms SET NOT NULL`);
    await db.query(`CREATE INDEX training_answers_terms_idx ON training_answers USING gin (tsvector_to_array(question_terms))`);
    await db.query(`DROP INDEX training_answers_search_idx`);
    await db.query(`ALTER TABLE training_answers DROP COLUMN search`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE training_answers ADD COLUMN search tsvector`);
    await db.query(`UPDATE training_answers SET search = to_tsvector('simple', question || ' ' || answer)`);
    await db.query(`ALTER TABLE training_answers ALTER COLUMN search SET NOT NULL`);
    await db.query(`CREATE INDEX training_answers_search_idx ON training_answers USING gin (search)`);
    await db.query(`DROP INDEX training_answers_terms_idx`);
    await db.query(`ALTER TABLE training_answers DROP COLUMN question_terms, DROP COLUMN question_ts_config`);
  }
}
