import { MigrationInterface, QueryRunner } from 'typeorm';

// Each chunk carries its article's language (the locale's first subtag: "pt-br" → "pt"), so that retrieval can
// keep to the customer's language in both lanes, the vector search included.
export class ChunkLanguage1764400000000 implements MigrationInterface {
  name = 'ChunkLanguage1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_chunks ADD COLUMN language text NOT NULL DEFAULT ''`);
    await db.query(`
      UPDATE kb_chunks c SET language = lower(split_part(replace(a.locale, '_', '-'), '-', 1))
        FROM kb_articles a WHERE a.id = c.article_id`);
    // "Has this organization articles in this language?", asked before each search. On kb_articles: an
    // organization index on kb_chunks would tempt the planner into an exact vector scan (see findPassages).
    await db.query(`CREATE INDEX kb_articles_language_idx ON kb_articles (organization_id, (lower(split_part(replace(locale, '_', '-'), '-', 1))))`);
    // For the same reason the organization index goes: with it, a small knowledge base's vector search became
    // an exact scan of every vector (see findPassages). Its other readers, an organization's deletion and the
    // once-a-sync check for vectors of another model, are rare enough to scan.
    await db.query(`DROP INDEX kb_chunks_org_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX kb_chunks_org_idx ON kb_chunks (organization_id, embedding_model)`);
    await db.query(`DROP INDEX kb_articles_language_idx`);
    await db.query(`ALTER TABLE kb_chunks DROP COLUMN language`);
  }
}
