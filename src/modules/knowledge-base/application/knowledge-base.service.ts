import { Injectable, Logger } from '@nestjs/common';
import { Page, PageRequest } from '../../../shared/pagination/page';
import { Embedder } from '../../llm/application/ports/embedder';
import { Passage } from '../../llm/domain/draft';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { ArticleChunk, ArticleInput, articleContentHash, chunkArticle, languageOf, MAX_BODY_HTML_CHARS, textSearchConfigFor } from '../domain/article';
import { KnowledgeError, KnowledgeErrorCode } from '../domain/knowledge.error';
import { RetrievalQuery } from '../domain/retrieval-query';
import { RetrievalWeights, retrievalWeightsFor } from '../domain/retrieval-weights';
import { ArticleAdminRepository, ArticleCount, ArticleDetail, ArticleFilter, ArticleSummary } from './ports/article-admin.repository';
import { KnowledgeRepository } from './ports/knowledge.repository';

export interface IngestProblem {
  externalId: string;
  locale: string;
  reason: 'empty_body' | 'body_truncated' | 'unknown_locale' | 'duplicate_id' | 'failed';
  detail?: string;
}

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  // Chunks sent to the embedder; chunks whose text did not change keep their stored vectors.
  embedded: number;
  problems: IngestProblem[];
}

export interface IngestOptions {
  // The sync run ingesting, recorded on every article it saw (changed or not).
  runId?: string;
}

interface PreparedArticle {
  input: ArticleInput;
  contentHash: string;
  textSearchConfig: string;
  existed: boolean;
  chunks: ArticleChunk[];
}

@Injectable()
export class KnowledgeBaseService {
  private readonly logger = new Logger(KnowledgeBaseService.name);
  private readonly vectorIndexes = new Map<string, Promise<void>>();
  private dimensions: number | undefined;

  constructor(
    private readonly knowledge: KnowledgeRepository,
    private readonly articles: ArticleAdminRepository,
    private readonly embedder: Embedder,
    private readonly organizations: OrganizationsService,
  ) {}

  // The one ingestion path, for the admin API, the help-center sync and the evaluation. A batch is embedded in
  // one call and saved in one transaction; if that fails, article by article, so one bad article is reported
  // and skipped and never fails the others. An embedding outage fails the batch: the caller retries later.
  async upsertArticles(organizationId: string, articles: ArticleInput[], options: IngestOptions = {}): Promise<IngestSummary> {
    await this.organizations.get(organizationId);
    const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, skipped: 0, embedded: 0, problems: [] };
    const unique = new Map<string, ArticleInput>();
    for (const article of articles) {
      if (unique.has(articleKey(article))) summary.problems.push(problem(article, 'duplicate_id', 'the later copy was kept'));
      unique.set(articleKey(article), article);
    }
    const known = await this.knowledge.findContentHashes(organizationId, [...unique.keys()]);
    const unchanged: string[] = [];
    const prepared: PreparedArticle[] = [];
    for (const [key, article] of unique) {
      const contentHash = articleContentHash(article, this.embedder.model);
      if (known.get(key) === contentHash) {
        summary.unchanged++;
        unchanged.push(key);
        continue;
      }
      const ready = this.prepare(article, contentHash, known.has(key), summary);
      if (ready) prepared.push(ready);
      else summary.skipped++;
    }
    try {
      await this.embedAndSave(organizationId, prepared, options, summary);
    } catch (error) {
      if ((error as { transient?: boolean }).transient || prepared.length <= 1) throw error;
      for (const one of prepared) {
        try {
          await this.embedAndSave(organizationId, [one], options, summary);
        } catch (oneError) {
          if ((oneError as { transient?: boolean }).transient) throw oneError;
          summary.skipped++;
          summary.problems.push(problem(one.input, 'failed', (oneError as Error).message));
        }
      }
    }
    if (options.runId) await this.knowledge.markSeen(organizationId, unchanged, options.runId);
    for (const p of summary.problems) this.logger.warn(`Organization ${organizationId}, article ${p.externalId} (${p.locale}): ${p.reason}${p.detail ? `: ${p.detail}` : ''}`);
    return summary;
  }

  private prepare(input: ArticleInput, contentHash: string, existed: boolean, summary: IngestSummary): PreparedArticle | null {
    const article = input.bodyHtml.length > MAX_BODY_HTML_CHARS ? { ...input, bodyHtml: input.bodyHtml.slice(0, MAX_BODY_HTML_CHARS) } : input;
    const chunks = chunkArticle(article.title, article.bodyHtml);
    if (chunks.length === 0) {
      summary.problems.push(problem(article, 'empty_body'));
      return null;
    }
    if (article !== input) summary.problems.push(problem(article, 'body_truncated', `${input.bodyHtml.length} characters, kept ${MAX_BODY_HTML_CHARS}`));
    const textSearch = textSearchConfigFor(article.locale);
    if (!textSearch.known) summary.problems.push(problem(article, 'unknown_locale', 'indexed without stemming'));
    return { input: article, contentHash, textSearchConfig: textSearch.config, existed, chunks };
  }

  // Chunks whose text an earlier version already had keep their vectors; the rest are embedded in one call.
  private async embedAndSave(organizationId: string, prepared: PreparedArticle[], options: IngestOptions, summary: IngestSummary) {
    if (prepared.length === 0) return;
    const model = this.embedder.model;
    const stored = await this.knowledge.findChunkEmbeddings(organizationId, prepared.filter((p) => p.existed).map((p) => articleKey(p.input)), model);
    const missing = [...new Map(prepared.flatMap((p) => p.chunks).filter((c) => !stored.has(c.contentHash)).map((c) => [c.contentHash, c])).values()];
    const fresh = missing.length > 0 ? await this.embedder.embed(missing.map((chunk) => chunk.content)) : [];
    if (fresh.length > 0) this.dimensions = fresh[0].length;
    missing.forEach((chunk, i) => stored.set(chunk.contentHash, fresh[i]));
    const outcomes = await this.knowledge.saveArticles(
      organizationId,
      prepared.map((p) => ({
        input: p.input,
        contentHash: p.contentHash,
        textSearchConfig: p.textSearchConfig,
        embeddingModel: model,
        chunks: p.chunks.map((chunk) => ({ ...chunk, embedding: stored.get(chunk.contentHash)! })),
        seenInRun: options.runId,
      })),
    );
    summary.embedded += missing.length;
    for (const outcome of outcomes) summary[outcome]++;
  }

  // After a bulk load (a sync, an evaluation): build the vector index if this model has none yet (one build
  // after loading is about twice as fast as maintaining the index row by row during the load), and refresh
  // the planner's statistics, which lag behind autovacuum.
  async refreshStatistics(): Promise<void> {
    // The model's dimension, from vectors made in this process, or from one probe (one embedding call).
    this.dimensions ??= (await this.embedder.embed(['dimension probe']))[0].length;
    await this.ensureVectorIndex(this.dimensions);
    await this.knowledge.refreshStatistics();
  }

  private ensureVectorIndex(dimensions: number): Promise<void> {
    const key = `${this.embedder.model}|${dimensions}`;
    let ensured = this.vectorIndexes.get(key);
    if (!ensured) {
      ensured = this.knowledge.ensureVectorIndex(this.embedder.model, dimensions);
      ensured.catch(() => this.vectorIndexes.delete(key));
      this.vectorIndexes.set(key, ensured);
    }
    return ensured;
  }

  async listArticles(organizationId: string, filter: ArticleFilter, page: PageRequest): Promise<Page<ArticleSummary>> {
    await this.organizations.get(organizationId);
    return this.articles.listArticles(organizationId, filter, page);
  }

  async countArticles(organizationId: string): Promise<ArticleCount[]> {
    await this.organizations.get(organizationId);
    return this.articles.countArticles(organizationId);
  }

  async getArticle(organizationId: string, articleId: string): Promise<ArticleDetail> {
    await this.organizations.get(organizationId);
    const article = await this.articles.findArticle(organizationId, articleId);
    if (!article) throw articleNotFound(articleId);
    return article;
  }

  // Only articles uploaded through the admin API. A Help Center article deleted here would come back with the
  // next full sync (within 24 h): a delete that silently undoes itself. It is refused instead, naming where a
  // removal lasts, Zendesk Guide; the next sync then removes it here too.
  async deleteArticle(organizationId: string, articleId: string): Promise<void> {
    const article = await this.getArticle(organizationId, articleId);
    if (article.source === 'macro') {
      throw new KnowledgeError(
        KnowledgeErrorCode.ArticleSyncedFromHelpCenter,
        `Article ${articleId} ("${article.title}") is a Zendesk macro and the next sync would restore it: ` +
          'deactivate or delete the macro in Zendesk, or turn the organization\'s macrosEnabled setting off, and the next sync removes it here.',
      );
    }
    if (article.source === 'help_center') {
      throw new KnowledgeError(
        KnowledgeErrorCode.ArticleSyncedFromHelpCenter,
        `Article ${articleId} ("${article.title}") is synced from the Help Center and the next sync would restore it: ` +
          'unpublish or archive it in Zendesk Guide, and the next sync removes it here.',
      );
    }
    // Nothing deleted: it went meanwhile (another delete, or a sync that took it over).
    if (!(await this.articles.deleteUploadedArticle(organizationId, articleId))) throw articleNotFound(articleId);
  }

  // `locale`: the customer's, when known; the search then keeps to articles in its language, if there are any.
  // `weights`: the embedding model's (the evaluation's cross-validation tries others).
  async findPassages(
    organizationId: string,
    question: string | RetrievalQuery,
    limit = 5,
    locale: string | null = null,
    weights: RetrievalWeights = retrievalWeightsFor(this.embedder.model),
  ): Promise<Passage[]> {
    const { text, focus, context } = typeof question === 'string' ? { text: question, focus: null, context: null } : question;
    const [embedding] = await this.embedder.embed([text]);
    await this.ensureVectorIndex(embedding.length);
    const { hits, lexemeWeights } = await this.knowledge.findPassages({
      organizationId,
      text,
      focus,
      context: context || null,
      embedding,
      embeddingModel: this.embedder.model,
      weights,
      limit,
      language: locale ? languageOf(locale) : null,
    });
    const totalWeight = Object.values(lexemeWeights).reduce((sum, w) => sum + w, 0);
    return hits.map((hit) => ({
      articleId: hit.articleId,
      externalId: hit.externalId,
      locale: hit.locale,
      title: hit.title,
      url: hit.url,
      section: hit.heading,
      visibility: hit.visibility,
      content: hit.content,
      // A macro ranks beside the articles and is cited as one ("Macro: <title>").
      ...(hit.source === 'macro' && { origin: 'macro' as const }),
      score: hit.score,
      similarity: hit.similarity,
      lexicalScore: hit.bm25,
      coverage: weightShare(hit.articleLexemes, lexemeWeights, totalWeight),
      titleCoverage: weightShare(hit.titleLexemes, lexemeWeights, totalWeight),
    }));
  }
}

// The share of the question's IDF mass in a set of its lexemes: a ticket whose rarest words the article
// lacks is rarely answered by it. `total`: the sum of `weights`, once a search.
function weightShare(lexemes: string[], weights: Record<string, number>, total: number): number {
  return total === 0 ? 0 : lexemes.reduce((sum, lexeme) => sum + (weights[lexeme] ?? 0), 0) / total;
}

const articleNotFound = (id: string) => new KnowledgeError(KnowledgeErrorCode.ArticleNotFound, `Knowledge article ${id} not found`);

const articleKey = (article: Pick<ArticleInput, 'externalId' | 'locale'>) => `${article.externalId}|${article.locale}`;

const problem = (article: ArticleInput, reason: IngestProblem['reason'], detail?: string): IngestProblem => ({
  externalId: article.externalId,
  locale: article.locale,
  reason,
  ...(detail ? { detail } : {}),
});
