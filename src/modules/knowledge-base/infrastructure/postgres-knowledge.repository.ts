import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pgvector from 'pgvector';
import { DataSource } from 'typeorm';
import { Passage } from '../../llm/domain/draft';
import { ArticleInput } from '../domain/article';
import { EmbeddedChunk, KnowledgeRepository, PassageQuery } from '../application/ports/knowledge.repository';

// Reciprocal rank fusion constant: dampens the weight of the very top ranks of either list.
const RRF_K = 60;
const CANDIDATES = 50;

@Injectable()
export class PostgresKnowledgeRepository extends KnowledgeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async findContentHashes(organizationId: string, keys: string[]): Promise<Map<string, string>> {
    const rows: { key: string; content_hash: string }[] = await this.db.query(
      `SELECT external_id || '|' || locale AS key, content_hash FROM kb_articles
        WHERE organization_id = $1 AND external_id || '|' || locale = ANY($2)`,
      [organizationId, keys],
    );
    return new Map(rows.map((row) => [row.key, row.content_hash]));
  }

  async saveArticle(
    organizationId: string,
    article: ArticleInput,
    contentHash: string,
    embeddingModel: string,
    chunks: EmbeddedChunk[],
  ): Promise<'added' | 'updated'> {
    return this.db.transaction(async (tx) => {
      const [row]: { id: string; inserted: boolean }[] = await tx.query(
        `INSERT INTO kb_articles (organization_id, external_id, locale, title, body_html, url, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (organization_id, external_id, locale) DO UPDATE
           SET title = EXCLUDED.title, body_html = EXCLUDED.body_html, url = EXCLUDED.url,
               content_hash = EXCLUDED.content_hash, updated_at = now()
         RETURNING id, (xmax = 0) AS inserted`,
        [organizationId, article.externalId, article.locale, article.title, article.bodyHtml, article.url, contentHash],
      );
      await tx.query(`DELETE FROM kb_chunks WHERE article_id = $1`, [row.id]);
      for (const chunk of chunks) {
        await tx.query(
          `INSERT INTO kb_chunks (article_id, organization_id, ordinal, content, embedding, embedding_model)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [row.id, organizationId, chunk.ordinal, chunk.content, pgvector.toSql(chunk.embedding), embeddingModel],
        );
      }
      return row.inserted ? 'added' : 'updated';
    });
  }

  // Hybrid retrieval: cosine nearest neighbours fused with full-text ranking by reciprocal rank fusion.
  async findPassages(query: PassageQuery): Promise<Passage[]> {
    const tsquery = query.terms.length > 0 ? query.terms.join(' | ') : null;
    const rows: PassageRow[] = await this.db.query(
      `WITH vector_hits AS (
         SELECT id, row_number() OVER (ORDER BY embedding <=> $2::vector) AS rank
           FROM kb_chunks
          WHERE organization_id = $1 AND embedding_model = $3
          ORDER BY embedding <=> $2::vector
          LIMIT ${CANDIDATES}
       ), text_hits AS (
         SELECT id, row_number() OVER (ORDER BY ts_rank_cd(tsv, q) DESC) AS rank
           FROM kb_chunks, to_tsquery('english', $4) AS q
          WHERE $4::text IS NOT NULL AND organization_id = $1 AND embedding_model = $3 AND tsv @@ q
          ORDER BY ts_rank_cd(tsv, q) DESC
          LIMIT ${CANDIDATES}
       ), fused AS (
         SELECT coalesce(v.id, t.id) AS id,
                coalesce(1.0 / (${RRF_K} + v.rank), 0) + coalesce(1.0 / (${RRF_K} + t.rank), 0) AS score
           FROM vector_hits v FULL JOIN text_hits t ON v.id = t.id
       )
       SELECT a.id AS article_id, a.title, a.url, c.content, f.score,
              1 - (c.embedding <=> $2::vector) AS similarity,
              coalesce(ts_rank_cd(c.tsv, to_tsquery('english', coalesce($4, ''))), 0) AS lexical_rank
         FROM fused f
         JOIN kb_chunks c ON c.id = f.id
         JOIN kb_articles a ON a.id = c.article_id
        ORDER BY f.score DESC, similarity DESC
        LIMIT $5`,
      [query.organizationId, pgvector.toSql(query.embedding), query.embeddingModel, tsquery, query.limit],
    );
    return rows.map((row) => ({
      articleId: row.article_id,
      title: row.title,
      url: row.url,
      section: null,
      content: row.content,
      score: Number(row.score),
      similarity: Number(row.similarity),
      lexicalRank: Number(row.lexical_rank),
    }));
  }
}

interface PassageRow {
  article_id: string;
  title: string;
  url: string;
  content: string;
  score: string;
  similarity: string;
  lexical_rank: string;
}
