import { MigrationInterface, QueryRunner } from 'typeorm';

// An article's field postings went with it through a foreign key, whose check ran row by row on each of the
// ~62,000 postings a page of 100 synced articles writes: ~15 % of a first load's page at 10,000 articles.
// They are only ever written from the article's chunks (which reference it) in the transaction that saved it,
// whose row lock keeps the article until then; a statement trigger now takes them away with the article.
export class ArticlePostingsCascadeTrigger1766847219311 implements MigrationInterface {
  name = 'ArticlePostingsCascadeTrigger1766847219311';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_article_postings DROP CONSTRAINT kb_article_postings_article_id_fkey`);
    await db.query(`
      CREATE FUNCTION kb_articles_remove_postings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM kb_article_postings p USING removed r WHERE p.article_id = r.id;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER kb_articles_remove_postings AFTER DELETE ON kb_articles REFERENCING OLD TABLE AS removed
         FOR EACH STATEMENT EXECUTE FUNCTION kb_articles_remove_postings()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER kb_articles_remove_postings ON kb_articles`);
    await db.query(`DROP FUNCTION kb_articles_remove_postings()`);
    await db.query(
      `ALTER TABLE kb_article_postings ADD CONSTRAINT kb_article_postings_article_id_fkey FOREIGN KEY (article_id) REFERENCES kb_articles(id) ON DELETE CASCADE`,
    );
  }
}
