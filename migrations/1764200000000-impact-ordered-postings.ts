import { MigrationInterface, QueryRunner } from 'typeorm';

// Retrieval reads only the best postings of each question term: each posting carries its BM25 term
// weight at a reference chunk length, and the index keeps a term's postings in that order, so the best
// few hundred are an index range scan however common the term is.
export class ImpactOrderedPostings1764200000000 implements MigrationInterface {
  name = 'ImpactOrderedPostings1764200000000';

  async up(db: QueryRunner): Promise<void> {
    // k1 = 1.2, b = 0.75, reference length 100 lexemes (a typical chunk); the query rescores exactly with
    // the organization's own average length, so the reference only orders the candidates.
    await db.query(`
      ALTER TABLE kb_postings ADD COLUMN impact real GENERATED ALWAYS AS (
        tf / (tf + 1.2 * (0.25 + 0.75 * chunk_length / 100.0))
      ) STORED`);
    await db.query(`DROP INDEX kb_postings_lexeme_idx`);
    await db.query(
      `CREATE INDEX kb_postings_impact_idx ON kb_postings (organization_id, lexeme, impact DESC) INCLUDE (chunk_id, tf, chunk_length)`,
    );
    // The candidates are then scored exactly, one index probe per (chunk, term).
    await db.query(`DROP INDEX kb_postings_chunk_idx`);
    await db.query(`CREATE INDEX kb_postings_chunk_lexeme_idx ON kb_postings (chunk_id, lexeme) INCLUDE (tf, chunk_length)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX kb_postings_chunk_lexeme_idx`);
    await db.query(`CREATE INDEX kb_postings_chunk_idx ON kb_postings (chunk_id)`);
    await db.query(`DROP INDEX kb_postings_impact_idx`);
    await db.query(`ALTER TABLE kb_postings DROP COLUMN impact`);
    await db.query(`CREATE INDEX kb_postings_lexeme_idx ON kb_postings (organization_id, lexeme) INCLUDE (chunk_id, tf, chunk_length)`);
  }
}
