import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { ArticleAdminRepository, ArticleCount, ArticleDetail, ArticleFilter, ArticleSource, ArticleSummary } from '../application/ports/article-admin.repository';

@Injectable()
export class PostgresArticleAdminRepository extends ArticleAdminRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async listArticles(organizationId: string, filter: ArticleFilter, { limit, after }: PageRequest): Promise<Page<ArticleSummary>> {
    const rows: (ArticleSummary & { pageAt: string })[] = await this.db.query(
      `SELECT id, external_id AS "externalId", locale, title, url, source, visibility, created_at AS "createdAt",
              updated_at AS "updatedAt", ${exactTimestamp('created_at')} AS "pageAt"
         FROM kb_articles
        WHERE organization_id = $1 AND ($2::text IS NULL OR locale = $2) AND ($3::text IS NULL OR source = $3)
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $6`,
      [organizationId, filter.locale ?? null, filter.source ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => ({ at: row.pageAt, id: row.id }), ({ pageAt: _, ...article }) => article);
  }

  async findArticle(organizationId: string, articleId: string): Promise<ArticleDetail | null> {
    const [row]: ArticleDetail[] = await this.db.query(
      `SELECT a.id, a.external_id AS "externalId", a.locale, a.title, a.url, a.source, a.visibility, a.created_at AS "createdAt",
              a.updated_at AS "updatedAt", a.brand_id AS "brandId", a.section_name AS "sectionName", a.category_name AS "categoryName",
              count(c.id)::int AS "chunkCount",
              coalesce(json_agg(json_build_object('ordinal', c.ordinal, 'heading', c.heading) ORDER BY c.ordinal)
                       FILTER (WHERE c.id IS NOT NULL), '[]') AS chunks
         FROM kb_articles a LEFT JOIN kb_chunks c ON c.article_id = a.id
        WHERE a.organization_id = $1 AND a.id = $2
        GROUP BY a.id`,
      [organizationId, articleId],
    );
    return row ?? null;
  }

  countArticles(organizationId: string): Promise<ArticleCount[]> {
    return this.db.query(
      `SELECT source, locale, count(*)::int AS articles FROM kb_articles WHERE organization_id = $1 GROUP BY source, locale ORDER BY source, locale`,
      [organizationId],
    );
  }

  // The chunks go with the article (ON DELETE CASCADE) in the same statement, and the statement triggers on
  // kb_chunks take them out of the postings and BM25 statistics in the same transaction.
  async deleteUploadedArticle(organizationId: string, articleId: string): Promise<boolean> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH removed AS (
         DELETE FROM kb_articles WHERE organization_id = $1 AND id = $2 AND source = 'api'
         RETURNING 1)
       SELECT count(*)::int AS n FROM removed`,
      [organizationId, articleId],
    );
    return n > 0;
  }

  async findArticleSource(organizationId: string, articleId: string): Promise<ArticleSource | null> {
    const [row]: ArticleSource[] = await this.db.query(
      `SELECT id, external_id AS "externalId", locale, title, body_html AS "bodyHtml", url, source, brand_id AS "brandId",
              section_name AS "sectionName", category_name AS "categoryName", visibility
         FROM kb_articles WHERE organization_id = $1 AND id = $2`,
      [organizationId, articleId],
    );
    return row ?? null;
  }
}
