import { MigrationInterface, QueryRunner } from 'typeorm';

// Article-level BM25 with the title as its own field, beside the chunk-level BM25: one row per (article,
// lexeme) with its frequency in the title and in the whole body, and each field's length. The rows are derived
// from the article's chunks (kb_chunks.tsv: title weight A, chunk text D) when the article is saved; triggers keep
// per-field document frequencies and average lengths exact, as kb_term_stats does for chunks.
export class ArticleFieldPostings1765400000000 implements MigrationInterface {
  name = 'ArticleFieldPostings1765400000000';

  async up(db: QueryRunner): Promise<void> {
    // `impact`: the posting's weight at reference field lengths (8 title and 300 body lexemes), title ×2, so a
    // term's best postings are an index range scan; the query rescores exactly with the organization's averages.
    await db.query(`
      CREATE TABLE kb_article_postings (
        organization_id uuid NOT NULL,
        article_id uuid NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
        lexeme text NOT NULL,
        title_tf smallint NOT NULL,
        body_tf integer NOT NULL,
        title_length smallint NOT NULL,
        body_length integer NOT NULL,
        impact real GENERATED ALWAYS AS (
          2 * title_tf / (title_tf + 1.2 * (0.3 + 0.7 * title_length / 8.0)) + body_tf / (body_tf + 1.2 * (0.3 + 0.7 * body_length / 300.0))
        ) STORED
      )`);
    await db.query(
      `CREATE INDEX kb_article_postings_impact_idx ON kb_article_postings (organization_id, lexeme, impact DESC)
         INCLUDE (article_id, title_tf, body_tf, title_length, body_length)`,
    );
    await db.query(`CREATE INDEX kb_article_postings_article_idx ON kb_article_postings (article_id, lexeme) INCLUDE (title_tf, body_tf, title_length, body_length)`);
    await db.query(`
      CREATE TABLE kb_article_term_stats (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        lexeme text NOT NULL,
        title_count integer NOT NULL,
        body_count integer NOT NULL,
        PRIMARY KEY (organization_id, lexeme)
      )`);
    await db.query(`
      CREATE TABLE kb_article_corpus_stats (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
        article_count integer NOT NULL,
        title_length_total bigint NOT NULL,
        body_length_total bigint NOT NULL
      )`);
    for (const [event, rows, sign] of [
      ['INSERT', 'NEW', '+'],
      ['DELETE', 'OLD', '-'],
    ]) {
      const fn = `kb_article_postings_stats_after_${event.toLowerCase()}`;
      // Sorted upserts, as for the chunk statistics: concurrent writers never deadlock.
      await db.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO kb_article_term_stats AS s (organization_id, lexeme, title_count, body_count)
            SELECT organization_id, lexeme, ${sign}count(*) FILTER (WHERE title_tf > 0), ${sign}count(*) FILTER (WHERE body_tf > 0)
              FROM changed GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (organization_id, lexeme) DO UPDATE
            SET title_count = s.title_count + EXCLUDED.title_count, body_count = s.body_count + EXCLUDED.body_count;
          INSERT INTO kb_article_corpus_stats AS s (organization_id, article_count, title_length_total, body_length_total)
            SELECT organization_id, ${sign}count(*), ${sign}sum(title_length), ${sign}sum(body_length)
              FROM (SELECT DISTINCT ON (article_id) organization_id, title_length, body_length FROM changed) articles
             GROUP BY 1 ORDER BY 1
          ON CONFLICT (organization_id) DO UPDATE
            SET article_count = s.article_count + EXCLUDED.article_count,
                title_length_total = s.title_length_total + EXCLUDED.title_length_total,
                body_length_total = s.body_length_total + EXCLUDED.body_length_total;
          RETURN NULL;
        END $$`);
      await db.query(
        `CREATE TRIGGER ${fn} AFTER ${event} ON kb_article_postings REFERENCING ${rows} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
    // An article's field postings, rebuilt from its chunks after they are saved. Each chunk's tsvector holds the
    // title (weight A, the same in every chunk) and the chunk's text (D).
    await db.query(`
      CREATE FUNCTION kb_article_postings_rebuild(articles uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM kb_article_postings WHERE article_id = ANY(articles);
        INSERT INTO kb_article_postings (organization_id, article_id, lexeme, title_tf, body_tf, title_length, body_length)
        WITH chunk_terms AS (
          SELECT c.organization_id, c.article_id, c.id AS chunk_id, u.lexeme,
                 coalesce(cardinality(array_positions(u.weights, 'A')), 0) AS in_title,
                 coalesce(cardinality(array_positions(u.weights, 'D')), 0) AS in_body
            FROM kb_chunks c, unnest(c.tsv) u
           WHERE c.article_id = ANY(articles)
        ), lengths AS (
          SELECT article_id, max(in_title) AS title_length, sum(in_body) AS body_length
            FROM (SELECT article_id, chunk_id, sum(in_title) AS in_title, sum(in_body) AS in_body FROM chunk_terms GROUP BY 1, 2) per_chunk
           GROUP BY 1
        )
        SELECT t.organization_id, t.article_id, t.lexeme, least(max(t.in_title), 32767), sum(t.in_body),
               least(l.title_length, 32767), l.body_length
          FROM chunk_terms t JOIN lengths l ON l.article_id = t.article_id
         GROUP BY t.organization_id, t.article_id, t.lexeme, l.title_length, l.body_length
         ORDER BY t.article_id, t.lexeme;
      $$`);
    // The articles already stored.
    await db.query(`SELECT kb_article_postings_rebuild(array_agg(id)) FROM kb_articles`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION kb_article_postings_rebuild(uuid[])`);
    await db.query(`DROP TABLE kb_article_postings`);
    await db.query(`DROP FUNCTION kb_article_postings_stats_after_insert()`);
    await db.query(`DROP FUNCTION kb_article_postings_stats_after_delete()`);
    await db.query(`DROP TABLE kb_article_corpus_stats`);
    await db.query(`DROP TABLE kb_article_term_stats`);
  }
}
