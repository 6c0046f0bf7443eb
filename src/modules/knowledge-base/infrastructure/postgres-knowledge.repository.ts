import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pgvector from 'pgvector';
import { QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { poolOf, preparedStatement, queryPreparedAfter } from '../../../shared/database/prepared-statement';
import { ChunkHit, KnowledgeRepository, PassageQuery, PassageSearch, StoredArticle } from '../application/ports/knowledge.repository';
import { knowledgeSourceOf, languageOf } from '../domain/article';
import { EARLIER_COMMENT_WEIGHT } from '../domain/retrieval-weights';

// Reciprocal rank fusion of up to three article rankings: by the best chunk's BM25 (weight 1), by the whole
// article's BM25 with its title as a field of its own, and by the best chunk's vector, those two weighted by
// query.weights (domain/retrieval-weights.ts). k dampens the top ranks. The two full-text rankings disagree
// usefully: the best chunk finds the passage that answers, the fields the article that is about the question.
const RRF_K = 60;
// Chunks the vector list keeps before ranking articles by their best chunk; articles the field ranking keeps.
const VECTOR_CANDIDATES = 100;
const FIELD_CANDIDATES = 200;
// The HNSW search breadth. pgvector builds the graph with random levels, so rankings move from one index build
// to the next: on eval/dev (8,600 chunks) hit@1 0.675-0.700 at the default 40 and at 200, and the exact scan's
// 0.700 on every build at 400. Up to WIDE_SEARCH_MAX_CHUNKS the wide search costs little; above, 400 would cost
// 4 ms more a query at 100,000 chunks, over the 15 ms budget, so large knowledge bases search at 200.
const HNSW_EF_SEARCH = { wide: 400, large: 200 };
const WIDE_SEARCH_MAX_CHUNKS = 50_000;
// BM25 scores the question's rarest terms only: they carry most of its weight.
const SCORED_TERMS = 12;
// Lexical search reads each term's best postings only, so its cost does not grow with the knowledge base;
// the best candidates on those are then scored exactly on every term. At 100,000 chunks each rescored chunk
// costs about 25 µs (its postings read in one index range) and each rescored article about 50 µs (one probe per
// term; an article has too many postings to read them all). The article sizes sit inside ranges where both dev
// sets' cross-validated figures are flat (25–50 rescored articles, 25–200 field postings a term); fewer chunk
// postings or terms moved them, and so did fewer rescored chunks than 100: 100 and 150 give the same figures, 75
// drops eval/dev's hit@1 by 0.033 (docs/performance.md, "Retrieval over 100,000 chunks").
const CHUNK_POSTINGS_PER_TERM = 200;
const RESCORED_CHUNKS = 100;
const RESCORED_ARTICLES = 25;
// Twice the articles rescored: each term's list alone could fill the rescored set.
const FIELD_POSTINGS_PER_TERM = 2 * RESCORED_ARTICLES;
const BM25_K1 = 1.2;
const BM25_B = 0.75;
// The article fields are scored as the reference baseline scores them (MiniSearch's BM25+ defaults, title ×2).
const FIELD_BM25 = { k1: 1.2, b: 0.7, delta: 0.5, titleBoost: 2 };
// Constants typed float8: a bare literal is numeric, and numeric arithmetic on every posting cost ~1 ms a search.
const float8 = (value: number) => `${value}::float8`;
// BM25+ of each field (a term the field holds earns delta more), the title's boosted, summed over the terms of
// `field_terms t` for the postings `p` (`ac`: article_corpus, the average lengths); the candidates are ranked by
// it and then scored exactly with it.
const fieldBm25 = (tf: string, idf: string, length: string, averageLength: string) =>
  `CASE WHEN ${tf} > 0 THEN ${idf} * (${float8(FIELD_BM25.delta)} + ${tf} * ${float8(FIELD_BM25.k1 + 1)}
     / (${tf} + ${float8(FIELD_BM25.k1)} * (${float8(1 - FIELD_BM25.b)} + ${float8(FIELD_BM25.b)} * ${length} / greatest(${averageLength}, 1)))) ELSE 0 END`;
const FIELD_SCORE = `sum(t.weight * (
                  ${fieldBm25('p.title_tf', `${FIELD_BM25.titleBoost} * t.title_idf`, 'p.title_length', 'ac.avg_title')} +
                  ${fieldBm25('p.body_tf', 't.body_idf', 'p.body_length', 'ac.avg_body')}))`;

@Injectable()
export class PostgresKnowledgeRepository extends KnowledgeRepository {
  // The search's statement by the shape of its query: building and naming (hashing) its ~13 KB text each time
  // cost ~0.2 ms of the worker's CPU a search.
  private readonly searchStatements = new Map<string, QueryConfig>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly location: DatabaseLocation,
  ) {
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

  async findChunkEmbeddings(organizationId: string, keys: string[], model: string): Promise<Map<string, number[]>> {
    if (keys.length === 0) return new Map();
    const rows: { content_hash: string; embedding: string }[] = await this.db.query(
      `SELECT DISTINCT ON (c.content_hash) c.content_hash, c.embedding::text AS embedding
         FROM kb_chunks c JOIN kb_articles a ON a.id = c.article_id
        WHERE a.organization_id = $1 AND a.external_id || '|' || a.locale = ANY($2) AND c.embedding_model = $3`,
      [organizationId, keys, model],
    );
    return new Map(rows.map((row) => [row.content_hash, pgvector.fromSql(row.embedding) as number[]]));
  }

  // Three statements for the whole batch: the statistics triggers run once, and the batch commits once.
  async saveArticles(organizationId: string, articles: StoredArticle[]): Promise<('added' | 'updated')[]> {
    return this.db.transaction(async (tx) => {
      const column = <T>(pick: (article: StoredArticle) => T) => articles.map(pick);
      const saved: { id: string; external_id: string; locale: string; inserted: boolean }[] = await tx.query(
        `INSERT INTO kb_articles (organization_id, external_id, locale, title, body_html, url, content_hash, source, brand_id,
                                  section_name, category_name, visibility, source_updated_at, ts_config, last_seen_run)
         SELECT $1, a.external_id, a.locale, a.title, a.body_html, a.url, a.content_hash, a.source, a.brand_id, a.section_name,
                a.category_name, a.visibility, a.source_updated_at::timestamptz, a.ts_config::regconfig, a.last_seen_run::uuid
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                       $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
             AS a(external_id, locale, title, body_html, url, content_hash, source, brand_id, section_name, category_name,
                  visibility, source_updated_at, ts_config, last_seen_run)
         ON CONFLICT (organization_id, external_id, locale) DO UPDATE
           SET title = EXCLUDED.title, body_html = EXCLUDED.body_html, url = EXCLUDED.url, content_hash = EXCLUDED.content_hash,
               source = EXCLUDED.source, brand_id = EXCLUDED.brand_id, section_name = EXCLUDED.section_name,
               category_name = EXCLUDED.category_name, visibility = EXCLUDED.visibility,
               source_updated_at = EXCLUDED.source_updated_at, ts_config = EXCLUDED.ts_config,
               -- Saved outside a sync (an article fix published from the training page), it keeps the sync's mark, or
               -- the full pass in progress would take it for vanished.
               last_seen_run = coalesce(EXCLUDED.last_seen_run, kb_articles.last_seen_run), updated_at = now()
         RETURNING id, external_id, locale, (xmax = 0) AS inserted`,
        [
          organizationId,
          column((a) => a.input.externalId),
          column((a) => a.input.locale),
          column((a) => a.input.title),
          column((a) => a.input.bodyHtml),
          column((a) => a.input.url),
          column((a) => a.contentHash),
          column((a) => knowledgeSourceOf(a.input)),
          column((a) => a.input.brandId ?? null),
          column((a) => a.input.sectionName ?? null),
          column((a) => a.input.categoryName ?? null),
          column((a) => a.input.visibility ?? 'public'),
          column((a) => a.input.sourceUpdatedAt ?? null),
          column((a) => a.textSearchConfig),
          column((a) => a.seenInRun ?? null),
        ],
      );
      const idOf = new Map(saved.map((row) => [`${row.external_id}|${row.locale}`, row.id]));
      await tx.query(`DELETE FROM kb_chunks WHERE article_id = ANY($1::uuid[])`, [saved.map((row) => row.id)]);
      const chunks = articles.flatMap((a) => a.chunks.map((chunk) => ({ article: a, articleId: idOf.get(`${a.input.externalId}|${a.input.locale}`)!, chunk })));
      await tx.query(
        `INSERT INTO kb_chunks (article_id, organization_id, ordinal, title, heading, content, content_hash, embedding, embedding_model, ts_config, language)
         SELECT c.article_id, $1, c.ordinal, c.title, c.heading, c.content, c.content_hash, c.embedding::vector, c.model, c.ts_config::regconfig, c.language
           FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
             AS c(article_id, ordinal, title, heading, content, content_hash, embedding, model, ts_config, language)`,
        [
          organizationId,
          chunks.map((c) => c.articleId),
          chunks.map((c) => c.chunk.ordinal),
          chunks.map((c) => c.article.input.title),
          chunks.map((c) => c.chunk.heading),
          chunks.map((c) => c.chunk.content),
          chunks.map((c) => c.chunk.contentHash),
          chunks.map((c) => pgvector.toSql(c.chunk.embedding)),
          chunks.map((c) => c.article.embeddingModel),
          chunks.map((c) => c.article.textSearchConfig),
          chunks.map((c) => languageOf(c.article.input.locale)),
        ],
      );
      // The articles' field postings (title and body BM25), from the chunks just written.
      await tx.query(`SELECT kb_article_postings_rebuild($1::uuid[])`, [saved.map((row) => row.id)]);
      const inserted = new Map(saved.map((row) => [`${row.external_id}|${row.locale}`, row.inserted]));
      return articles.map((a) => (inserted.get(`${a.input.externalId}|${a.input.locale}`) ? 'added' : 'updated'));
    });
  }

  // One HNSW index per embedding model (vectors of different models have different dimensions): a partial
  // index on the column cast to the model's dimension. Created on first use of a model.
  async ensureVectorIndex(model: string, dimensions: number): Promise<void> {
    const { vector, model: modelLiteral, indexName } = vectorColumn(model, dimensions);
    await this.db.transaction(async (tx) => {
      // A graph that fits in memory builds several times faster.
      await tx.query(`SET LOCAL maintenance_work_mem = '512MB'`);
      await tx.query(
        `CREATE INDEX IF NOT EXISTS ${indexName} ON kb_chunks USING hnsw ((${vector}) vector_cosine_ops) WHERE embedding_model = ${modelLiteral}`,
      );
    });
  }

  // VACUUM too: a freshly loaded table's visibility map is empty, and until it is set every index-only scan of
  // the postings also reads the table. Pages already all-visible are skipped, so a small sync costs little.
  async refreshStatistics(): Promise<void> {
    await this.db.query(
      `VACUUM (ANALYZE) kb_articles, kb_chunks, kb_postings, kb_term_stats, kb_corpus_stats, kb_article_postings, kb_article_term_stats, kb_article_corpus_stats`,
    );
  }

  async markSeen(organizationId: string, keys: string[], runId: string): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query(
      `UPDATE kb_articles SET last_seen_run = $3 WHERE organization_id = $1 AND external_id || '|' || locale = ANY($2)`,
      [organizationId, keys, runId],
    );
  }

  // Hybrid retrieval, ranked by article: BM25 over PostgreSQL full text (each chunk in its article language's
  // configuration, document frequencies from kb_term_stats) by the article's best chunk, BM25 of the article's
  // title and body fields (kb_article_postings), and pgvector cosine neighbours by the best chunk, fused by
  // reciprocal rank fusion. Returns the best lexical and the best vector chunk of each of the `limit` best
  // articles (an article only the field ranking found: its chunk holding most of the question's weight).
  async findPassages(query: PassageQuery): Promise<PassageSearch> {
    const shape: SearchShape = {
      model: query.embeddingModel,
      dimensions: query.embedding.length,
      searchVectors: query.weights.vector > 0,
      // A constant in the text: a generic plan would guess at a parameter's LIMIT.
      limit: Math.max(1, Math.trunc(query.limit)),
    };
    const key = `${shape.model}|${shape.dimensions}|${shape.searchVectors}|${shape.limit}`;
    let statement = this.searchStatements.get(key);
    if (!statement) {
      statement = preparedStatement(passageSearchText(shape), []);
      this.searchStatements.set(key, statement);
    }
    const values = [
      query.organizationId,
      pgvector.toSql(query.embedding),
      query.embeddingModel,
      query.text,
      query.focus,
      query.context,
      query.weights.vector,
      query.weights.field,
      query.weights.conversation,
      query.language,
    ];
    const rows: PassageRow[] = this.location.embedded
      ? await this.db.transaction(async (tx) => {
          await tx.query(searchSettingsText(false), [query.organizationId]);
          return tx.query(statement.text, values);
        })
      : await queryPreparedAfter<PassageRow>(poolOf(this.db), { ...SEARCH_SETTINGS, values: [query.organizationId] }, { ...statement, values });
    // Every row carries the question's term weights; as text, so that only the first row's are parsed.
    const weights = rows[0]?.weights;
    return { hits: rows.map(toChunkHit), lexemeWeights: weights ? JSON.parse(weights) : {} };
  }
}

interface SearchShape {
  model: string;
  dimensions: number;
  searchVectors: boolean;
  limit: number;
}

// The search's text for one shape of query; its values in findPassages.
function passageSearchText({ model: embeddingModel, dimensions: embeddingDimensions, searchVectors, limit }: SearchShape): string {
  const { vector, model, dimensions } = vectorColumn(embeddingModel, embeddingDimensions);
  // The customer's language, when the organization has articles in it (the expression of the migration's
  // kb_articles_language_idx, as languageOf() computes it); otherwise every article is searched.
  const inLanguage = (column: string) => `AND ((SELECT code FROM customer_language) IS NULL OR ${column} = (SELECT code FROM customer_language))`;
  const articleLanguage = (alias: string) => inLanguage(`lower(split_part(replace(${alias}.locale, '_', '-'), '-', 1))`);
  return `WITH customer_language AS (
       -- CASE evaluates the probe only for a language given.
       SELECT CASE WHEN $10::text IS NULL THEN NULL
                   WHEN EXISTS (SELECT 1 FROM kb_articles WHERE organization_id = $1 AND lower(split_part(replace(locale, '_', '-'), '-', 1)) = $10::text)
                   THEN $10::text END AS code
     ), corpus AS (
       -- float8 throughout: numeric arithmetic would cost more than reading the postings.
       SELECT coalesce(sum(chunk_count), 0)::float8 AS n, sum(length_total)::float8 / greatest(sum(chunk_count), 1) AS avg_len
         FROM kb_corpus_stats WHERE organization_id = $1
     ), article_corpus AS (
       SELECT article_count::float8 AS n, title_length_total::float8 / greatest(article_count, 1) AS avg_title,
              body_length_total::float8 / greatest(article_count, 1) AS avg_body
         FROM kb_article_corpus_stats WHERE organization_id = $1
     ), focus AS (
       SELECT DISTINCT u.lexeme
         FROM kb_corpus_stats s, unnest(to_tsvector(s.ts_config, $5::text)) u
        WHERE s.organization_id = $1 AND s.chunk_count > 0
     ), question AS (
       -- Every term of the question weighs fully when it has no focus. The conversation's earlier turns ($6)
       -- only add context terms.
       SELECT u.lexeme,
              CASE WHEN $5::text IS NULL OR u.lexeme IN (SELECT lexeme FROM focus) THEN 1
                   ELSE max(CASE WHEN u.from_text THEN ${EARLIER_COMMENT_WEIGHT} ELSE $9::float8 END) END::float8 AS weight
         FROM kb_corpus_stats s
         CROSS JOIN LATERAL (
           SELECT lexeme, true AS from_text FROM unnest(to_tsvector(s.ts_config, $4))
           UNION ALL
           SELECT lexeme, false FROM unnest(to_tsvector(s.ts_config, coalesce($6::text, '')))
         ) u
        WHERE s.organization_id = $1 AND s.chunk_count > 0
        GROUP BY u.lexeme
     ), terms AS (
       -- idf is the term's own; weight says how much the question leans on it.
       SELECT q.lexeme, ln(1 + (corpus.n - t.chunk_count + 0.5) / (t.chunk_count + 0.5)) AS idf, q.weight,
              quoted.lexeme::tsquery AS query, (quoted.lexeme || ':A')::tsquery AS title_query
         FROM question q CROSS JOIN corpus
         -- A lexeme as tsquery input: quoted, quotes and backslashes doubled, so no character is read as an operator.
         CROSS JOIN LATERAL (SELECT chr(39) || replace(replace(q.lexeme, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39) AS lexeme) quoted
         JOIN kb_term_stats t ON t.organization_id = $1 AND t.lexeme = q.lexeme AND t.chunk_count > 0
     ), rare_terms AS (
       SELECT lexeme, idf, weight FROM terms ORDER BY idf * weight DESC, lexeme LIMIT ${SCORED_TERMS}
     ), candidates AS MATERIALIZED (
       -- The best postings of each term, by their weight at a reference length (see the migration): a common
       -- term's long postings list costs no more than a rare term's. Materialized, as field_candidates: the
       -- small knowledge bases' plan (no sequential scans) otherwise ran it again for each scored term.
       SELECT p.chunk_id
         FROM rare_terms r
         CROSS JOIN LATERAL (
           SELECT chunk_id, impact FROM kb_postings
            WHERE organization_id = $1 AND lexeme = r.lexeme
            ORDER BY impact DESC
            LIMIT ${CHUNK_POSTINGS_PER_TERM}
         ) p
        GROUP BY p.chunk_id
        ORDER BY sum(r.idf * r.weight * p.impact) DESC, p.chunk_id
        LIMIT ${RESCORED_CHUNKS}
     ), lexical_scores AS (
       -- Exact BM25 of each candidate over every scored term, including those whose best postings it missed:
       -- its postings read in one index range, summed chunk by chunk (no sort of all of them by chunk).
       SELECT c.chunk_id AS id, s.bm25
         FROM candidates c CROSS JOIN corpus
         CROSS JOIN LATERAL (
           SELECT sum(r.idf * r.weight * p.tf * ${float8(BM25_K1 + 1)} / (p.tf + ${float8(BM25_K1)} * (${float8(1 - BM25_B)} + ${float8(BM25_B)} * p.chunk_length / corpus.avg_len))) AS bm25
             FROM kb_postings p JOIN rare_terms r ON r.lexeme = p.lexeme
            WHERE p.chunk_id = c.chunk_id
         ) s
     ), lexical_chunks AS (
       SELECT s.id, c.article_id, s.bm25 FROM lexical_scores s JOIN kb_chunks c ON c.id = s.id AND c.embedding_model = $3
        ${inLanguage('c.language')}
     ), lexical_articles AS (
       SELECT b.article_id, b.chunk_id, b.bm25, a.external_id, a.locale
         FROM (SELECT DISTINCT ON (article_id) article_id, id AS chunk_id, bm25 FROM lexical_chunks ORDER BY article_id, bm25 DESC, id) b
         -- Each article's best chunk, then the article looked up by id (a LIMIT keeps the planner from hashing the
         -- whole table): one lookup an article, not one a chunk.
         CROSS JOIN LATERAL (SELECT external_id, locale FROM kb_articles WHERE id = b.article_id LIMIT 1) a
     ), field_terms AS (
       SELECT r.lexeme, r.weight,
              ln(1 + (ac.n - s.title_count + 0.5) / (s.title_count + 0.5)) AS title_idf,
              ln(1 + (ac.n - s.body_count + 0.5) / (s.body_count + 0.5)) AS body_idf
         FROM rare_terms r CROSS JOIN article_corpus ac
         JOIN kb_article_term_stats s ON s.organization_id = $1 AND s.lexeme = r.lexeme
     ), field_candidates AS MATERIALIZED (
       -- Each term's best postings (by their weight at reference field lengths, see the migration), scored as
       -- below; the best candidates on those are then scored exactly on every term, including those whose best
       -- postings they are not among.
       SELECT p.article_id
         FROM field_terms t CROSS JOIN article_corpus ac
         CROSS JOIN LATERAL (
           SELECT article_id, title_tf, body_tf, title_length, body_length FROM kb_article_postings
            WHERE organization_id = $1 AND lexeme = t.lexeme
            ORDER BY impact DESC
            LIMIT ${FIELD_POSTINGS_PER_TERM}
         ) p
        GROUP BY p.article_id
        ORDER BY ${FIELD_SCORE} DESC, p.article_id
        LIMIT ${RESCORED_ARTICLES}
     ), field_scores AS (
       SELECT p.article_id, ${FIELD_SCORE} AS score
         FROM field_candidates c CROSS JOIN article_corpus ac CROSS JOIN field_terms t
         -- One index probe per (article, term): reading every posting of the candidates costs far more.
         CROSS JOIN LATERAL (
           SELECT article_id, title_tf, body_tf, title_length, body_length FROM kb_article_postings
            WHERE article_id = c.article_id AND lexeme = t.lexeme
            -- One row at most anyway: keeps the planner from flattening the probe into a join.
            LIMIT 1
         ) p
        GROUP BY p.article_id
     ), field_articles AS (
       -- The best ones, then looked up (and kept to the customer's language).
       SELECT f.article_id, f.score, a.external_id, a.locale
         FROM (SELECT article_id, score FROM field_scores ORDER BY score DESC, article_id LIMIT ${FIELD_CANDIDATES}) f
         CROSS JOIN LATERAL (SELECT external_id, locale FROM kb_articles WHERE id = f.article_id LIMIT 1) a
        WHERE true ${articleLanguage('a')}
     ), vector_chunks AS (
       ${
         searchVectors
           ? `SELECT id, article_id, ${vector} <=> $2::vector(${dimensions}) AS distance FROM kb_chunks
               WHERE organization_id = $1 AND embedding_model = ${model}
                 ${inLanguage('language')}
               ORDER BY ${vector} <=> $2::vector(${dimensions})
               LIMIT ${VECTOR_CANDIDATES}`
           : `SELECT NULL::uuid AS id, NULL::uuid AS article_id, NULL::float8 AS distance WHERE false`
       }
     ), vector_articles AS (
       SELECT b.article_id, b.chunk_id, b.distance, a.external_id, a.locale
         FROM (SELECT DISTINCT ON (article_id) article_id, id AS chunk_id, distance FROM vector_chunks ORDER BY article_id, distance, id) b
         CROSS JOIN LATERAL (SELECT external_id, locale FROM kb_articles WHERE id = b.article_id LIMIT 1) a
     ), ranked AS (
       -- Ties (equal scores) rank by help-center id: the same order on every database holding the same articles.
       SELECT article_id, external_id, locale, chunk_id AS lexical_chunk, NULL::uuid AS vector_chunk,
              1::float8 / (${RRF_K} + row_number() OVER (ORDER BY bm25 DESC, external_id, locale)) AS part
         FROM lexical_articles
       UNION ALL
       SELECT article_id, external_id, locale, NULL, NULL, $8::float8 / (${RRF_K} + row_number() OVER (ORDER BY score DESC, external_id, locale))
         FROM field_articles
       UNION ALL
       SELECT article_id, external_id, locale, NULL, chunk_id, $7::float8 / (${RRF_K} + row_number() OVER (ORDER BY distance, external_id, locale))
         FROM vector_articles
     ), fused AS (
       -- Equal fused scores go to the smaller help-center id too.
       -- Each list carries its articles' help-center ids: no lookup again here.
       SELECT r.article_id, r.external_id, r.locale, sum(r.part) AS score,
              (array_agg(r.lexical_chunk) FILTER (WHERE r.lexical_chunk IS NOT NULL))[1] AS lexical_chunk,
              (array_agg(r.vector_chunk) FILTER (WHERE r.vector_chunk IS NOT NULL))[1] AS vector_chunk
         FROM ranked r
        GROUP BY r.article_id, r.external_id, r.locale
        ORDER BY score DESC, r.external_id, r.locale
        LIMIT ${limit}
     ), field_only_chunks AS (
       -- An article neither chunk list found: its chunk holding most of the question's weight.
       SELECT f.article_id, best.id
         FROM fused f
         CROSS JOIN LATERAL (
           SELECT c.id FROM kb_chunks c
             JOIN kb_postings p ON p.chunk_id = c.id
             JOIN rare_terms r ON r.lexeme = p.lexeme
            WHERE c.article_id = f.article_id AND c.embedding_model = $3
            GROUP BY c.id, c.ordinal
            ORDER BY sum(r.idf * r.weight * p.impact) DESC, c.ordinal
            LIMIT 1
         ) best
        WHERE f.lexical_chunk IS NULL AND f.vector_chunk IS NULL
     ), article_terms AS (
       -- Which of the question's terms each article holds anywhere, and which in its title.
       -- One index probe per (article, term): an article has hundreds of postings, the question a few terms.
       SELECT f.article_id,
              array_agg(t.lexeme ORDER BY t.lexeme) AS lexemes,
              array_agg(t.lexeme ORDER BY t.lexeme) FILTER (WHERE p.title_tf > 0) AS title_lexemes
         FROM fused f CROSS JOIN terms t
         CROSS JOIN LATERAL (
           SELECT title_tf FROM kb_article_postings WHERE article_id = f.article_id AND lexeme = t.lexeme LIMIT 1
         ) p
        GROUP BY f.article_id
     )
     SELECT a.id AS article_id, a.external_id, a.locale, a.title, a.url, a.visibility, a.source, c.heading, c.content, f.score,
            coalesce(l.bm25, 0) AS bm25, 1 - (c.embedding <=> $2::vector) AS similarity,
            coalesce(at.lexemes, '{}') AS article_lexemes, coalesce(at.title_lexemes, '{}') AS title_lexemes,
            (SELECT json_object_agg(lexeme, idf * weight) FROM terms)::text AS weights
       FROM fused f
       LEFT JOIN field_only_chunks fo ON fo.article_id = f.article_id
       CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[f.lexical_chunk, f.vector_chunk, fo.id]) AS id) best
       JOIN kb_chunks c ON c.id = best.id
       JOIN kb_articles a ON a.id = f.article_id
       LEFT JOIN lexical_chunks l ON l.id = c.id
       LEFT JOIN article_terms at ON at.article_id = f.article_id
      ORDER BY f.score DESC, f.external_id, f.locale, bm25 DESC, similarity DESC, c.ordinal`;
}

// The search's settings, for its transaction only:
// - The HNSW index is shared by every organization (and language): keep scanning it until enough of this one's
//   chunks came up, as wide as the knowledge base's size allows (see HNSW_EF_SEARCH).
// - No sequential or bitmap scans: every table here has an index that serves the query. The wide search raises the
//   index's estimated cost, and on a knowledge base of a few thousand chunks the planner then preferred an exact
//   scan, reading every (toasted) vector: 34 ms a ticket on eval/dev instead of 14. A generic plan serves every
//   organization, whatever its size: one made with sequential scans allowed probed the customer's language by
//   reading all the articles, and at 100,000 chunks the planner picks the same index scans either way.
// - On PostgreSQL (not the embedded database, see preparedStatement) the search is a prepared statement run on a
//   generic plan, kept by the connection: planning its twenty-odd steps took ~2.5 ms a query, a fifth of its time
//   at 100,000 chunks and more of it on a small knowledge base. PostgreSQL makes the plan again when the tables'
//   statistics change (every sync ends with ANALYZE).
// - Prepared too (on PostgreSQL): parsing and planning it on every search cost ~50 µs of the backend's CPU.
function searchSettingsText(genericPlan: boolean): string {
  return `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
                 set_config('plan_cache_mode', '${genericPlan ? 'force_generic_plan' : 'auto'}', true),
                 set_config('hnsw.ef_search', (CASE WHEN size.chunks <= ${WIDE_SEARCH_MAX_CHUNKS} THEN ${HNSW_EF_SEARCH.wide} ELSE ${HNSW_EF_SEARCH.large} END)::text, true),
                 set_config('enable_seqscan', 'off', true),
                 set_config('enable_bitmapscan', 'off', true)
            FROM (SELECT coalesce(sum(chunk_count), 0) AS chunks FROM kb_corpus_stats WHERE organization_id = $1) size`;
}
const SEARCH_SETTINGS = preparedStatement(searchSettingsText(true), []);

// The model name is configuration, never user input, and is quoted as a literal: the planner can only use a
// partial index when the query names the model as a constant.
function vectorColumn(model: string, dimensions: number) {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000) throw new Error(`Unsupported embedding dimension ${dimensions}`);
  return {
    vector: `(embedding::vector(${dimensions}))`,
    model: `'${model.replace(/'/g, "''")}'`,
    dimensions,
    indexName: `kb_chunks_hnsw_${createHash('sha256').update(model).digest('hex').slice(0, 12)}_${dimensions}`,
  };
}

interface PassageRow {
  article_id: string;
  external_id: string;
  locale: string;
  title: string;
  url: string;
  visibility: ChunkHit['visibility'];
  source: ChunkHit['source'];
  heading: string | null;
  content: string;
  score: string;
  bm25: string;
  similarity: string;
  article_lexemes: string[];
  title_lexemes: string[];
  // JSON: the lexemes' weights.
  weights: string | null;
}

const toChunkHit = (row: PassageRow): ChunkHit => ({
  articleId: row.article_id,
  externalId: row.external_id,
  locale: row.locale,
  title: row.title,
  url: row.url,
  heading: row.heading,
  visibility: row.visibility,
  source: row.source,
  content: row.content,
  score: Number(row.score),
  bm25: Number(row.bm25),
  similarity: Number(row.similarity),
  articleLexemes: row.article_lexemes,
  titleLexemes: row.title_lexemes,
});
