import { MigrationInterface, QueryRunner } from 'typeorm';

// Help Center sync and hybrid retrieval: article metadata from Zendesk Guide, per-locale full-text search,
// chunk hashes, BM25 statistics kept by triggers, sync state and runs.
export class HelpCenterKnowledge1764100000000 implements MigrationInterface {
  name = 'HelpCenterKnowledge1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE kb_articles
        ADD COLUMN source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'help_center')),
        ADD COLUMN brand_id text,
        ADD COLUMN section_name text,
        ADD COLUMN category_name text,
        ADD COLUMN visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'restricted', 'internal')),
        ADD COLUMN source_updated_at timestamptz,
        ADD COLUMN ts_config regconfig NOT NULL DEFAULT 'english',
        ADD COLUMN last_seen_run uuid`);
    await db.query(`CREATE INDEX kb_articles_brand_idx ON kb_articles (organization_id, source, brand_id)`);

    // Title weighted 'A' (it counts twice in BM25), the chunk text 'D', in the article language's configuration.
    await db.query(`ALTER TABLE kb_chunks DROP COLUMN tsv`);
    await db.query(`
      ALTER TABLE kb_chunks
        ADD COLUMN title text NOT NULL DEFAULT '',
        ADD COLUMN heading text,
        ADD COLUMN content_hash text NOT NULL DEFAULT '',
        ADD COLUMN ts_config regconfig NOT NULL DEFAULT 'english',
        ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector(ts_config, title), 'A') || setweight(to_tsvector(ts_config, content), 'D')
        ) STORED`);
    await db.query(`CREATE INDEX kb_chunks_tsv_idx ON kb_chunks USING gin (tsv)`);
    await db.query(`CREATE INDEX kb_chunks_article_idx ON kb_chunks (article_id)`);

    // Document frequencies and lengths for BM25, per organization, kept exact by statement-level triggers.
    await db.query(`
      CREATE TABLE kb_term_stats (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        lexeme text NOT NULL,
        chunk_count integer NOT NULL,
        PRIMARY KEY (organization_id, lexeme)
      )`);
    await db.query(`
      CREATE TABLE kb_corpus_stats (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ts_config regconfig NOT NULL,
        chunk_count integer NOT NULL,
        length_total bigint NOT NULL,
        PRIMARY KEY (organization_id, ts_config)
      )`);
    // An inverted index for BM25: one row per (chunk, lexeme) with its term frequency (title counted twice).
    await db.query(`
      CREATE TABLE kb_postings (
        organization_id uuid NOT NULL,
        lexeme text NOT NULL,
        chunk_id uuid NOT NULL,
        tf smallint NOT NULL,
        chunk_length smallint NOT NULL
      )`);
    await db.query(`CREATE INDEX kb_postings_lexeme_idx ON kb_postings (organization_id, lexeme) INCLUDE (chunk_id, tf, chunk_length)`);
    await db.query(`CREATE INDEX kb_postings_chunk_idx ON kb_postings (chunk_id)`);
    for (const [event, rows, sign] of [
      ['INSERT', 'NEW', '+'],
      ['DELETE', 'OLD', '-'],
    ]) {
      const fn = `kb_chunks_stats_after_${event.toLowerCase()}`;
      const postings =
        event === 'INSERT'
          ? `INSERT INTO kb_postings (organization_id, lexeme, chunk_id, tf, chunk_length)
               SELECT c.organization_id, u.lexeme, c.id, least(cardinality(u.positions) + cardinality(array_positions(u.weights, 'A')), 32767),
                      least(length(c.tsv), 32767)
                 FROM changed c, unnest(c.tsv) u;`
          : `DELETE FROM kb_postings p USING changed c WHERE p.chunk_id = c.id;`;
      // Sorted upserts: concurrent writers lock the same rows in the same order and never deadlock.
      await db.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${postings}
          INSERT INTO kb_term_stats AS s (organization_id, lexeme, chunk_count)
            SELECT c.organization_id, u.lexeme, ${sign}count(*) FROM changed c, unnest(c.tsv) u
             GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (organization_id, lexeme) DO UPDATE SET chunk_count = s.chunk_count + EXCLUDED.chunk_count;
          INSERT INTO kb_corpus_stats AS s (organization_id, ts_config, chunk_count, length_total)
            SELECT organization_id, ts_config, ${sign}count(*), ${sign}sum(length(tsv)) FROM changed
             GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (organization_id, ts_config) DO UPDATE
            SET chunk_count = s.chunk_count + EXCLUDED.chunk_count, length_total = s.length_total + EXCLUDED.length_total;
          RETURN NULL;
        END $$`);
      await db.query(
        `CREATE TRIGGER ${fn} AFTER ${event} ON kb_chunks REFERENCING ${rows} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }

    await db.query(`
      CREATE TABLE kb_sync_state (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        brand_id text NOT NULL,
        -- end_time of the last incremental export page applied: the next sync starts there.
        incremental_cursor bigint,
        -- A full pass in progress resumes from here after a crash: {runId, locales, locale, page}.
        full_pass jsonb,
        last_full_pass_at timestamptz,
        PRIMARY KEY (organization_id, brand_id)
      )`);
    await db.query(`
      CREATE TABLE kb_sync_runs (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        trigger text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        mode text,
        counts jsonb NOT NULL DEFAULT '{}',
        problems jsonb NOT NULL DEFAULT '[]',
        error text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX kb_sync_runs_org_idx ON kb_sync_runs (organization_id, queued_at DESC)`);
    await db.query(`ALTER TABLE organizations ADD COLUMN help_center_sync_minutes integer NOT NULL DEFAULT 15`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations DROP COLUMN help_center_sync_minutes`);
    await db.query(`DROP TABLE kb_sync_runs`);
    await db.query(`DROP TABLE kb_sync_state`);
    await db.query(`DROP TRIGGER kb_chunks_stats_after_insert ON kb_chunks`);
    await db.query(`DROP TRIGGER kb_chunks_stats_after_delete ON kb_chunks`);
    await db.query(`DROP FUNCTION kb_chunks_stats_after_insert()`);
    await db.query(`DROP FUNCTION kb_chunks_stats_after_delete()`);
    await db.query(`DROP TABLE kb_postings`);
    await db.query(`DROP TABLE kb_corpus_stats`);
    await db.query(`DROP TABLE kb_term_stats`);
    await db.query(`DROP INDEX kb_chunks_article_idx`);
    await db.query(`ALTER TABLE kb_chunks DROP COLUMN tsv, DROP COLUMN ts_config, DROP COLUMN content_hash, DROP COLUMN heading, DROP COLUMN title`);
    await db.query(`ALTER TABLE kb_chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED`);
    await db.query(`CREATE INDEX kb_chunks_tsv_idx ON kb_chunks USING gin (tsv)`);
    await db.query(`DROP INDEX kb_articles_brand_idx`);
    await db.query(`
      ALTER TABLE kb_articles DROP COLUMN source, DROP COLUMN brand_id, DROP COLUMN section_name, DROP COLUMN category_name,
        DROP COLUMN visibility, DROP COLUMN source_updated_at, DROP COLUMN ts_config, DROP COLUMN last_seen_run`);
  }
}
