import { Injectable, Logger } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { Passage } from '../../llm/domain/draft';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { ArticleInput, articleContentHash, articleText, chunkArticle, textSearchConfigFor } from '../domain/article';
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

// Bodies longer than this (HTML characters) are cut before chunking.
const MAX_BODY_HTML_CHARS = 1_000_000;

@Injectable()
export class KnowledgeBaseService {
  private readonly logger = new Logger(KnowledgeBaseService.name);
  private readonly vectorIndexes = new Map<string, Promise<void>>();

  constructor(
    private readonly knowledge: KnowledgeRepository,
    private readonly embedder: Embedder,
    private readonly organizations: OrganizationsService,
  ) {}

  // The one ingestion path, for the admin API, the help-center sync and the evaluation. One bad article
  // is reported and skipped; it never fails the others.
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
    for (const [key, article] of unique) {
      if (known.get(key) === articleContentHash(article, this.embedder.model)) {
        summary.unchanged++;
        unchanged.push(key);
        continue;
      }
      try {
        const outcome = await this.ingest(organizationId, article, options, summary);
        if (outcome === 'skipped') summary.skipped++;
        else summary[outcome]++;
      } catch (error) {
        summary.skipped++;
        summary.problems.push(problem(article, 'failed', (error as Error).message));
        // An embedding outage fails every article alike: stop and let the caller retry later.
        if ((error as { transient?: boolean }).transient) throw error;
      }
    }
    if (options.runId) await this.knowledge.markSeen(organizationId, unchanged, options.runId);
    for (const p of summary.problems) this.logger.warn(`Organization ${organizationId}, article ${p.externalId} (${p.locale}): ${p.reason}${p.detail ? `: ${p.detail}` : ''}`);
    return summary;
  }

  private async ingest(organizationId: string, input: ArticleInput, options: IngestOptions, summary: IngestSummary) {
    let article = input;
    if (!articleText(article.bodyHtml.slice(0, MAX_BODY_HTML_CHARS)).trim()) {
      summary.problems.push(problem(article, 'empty_body'));
      return 'skipped' as const;
    }
    if (article.bodyHtml.length > MAX_BODY_HTML_CHARS) {
      summary.problems.push(problem(article, 'body_truncated', `${article.bodyHtml.length} characters, kept ${MAX_BODY_HTML_CHARS}`));
      article = { ...article, bodyHtml: article.bodyHtml.slice(0, MAX_BODY_HTML_CHARS) };
    }
    const textSearch = textSearchConfigFor(article.locale);
    if (!textSearch.known) summary.problems.push(problem(article, 'unknown_locale', 'indexed without stemming'));

    const chunks = chunkArticle(article.title, article.bodyHtml);
    const stored = await this.knowledge.findChunkEmbeddings(organizationId, article.externalId, article.locale, this.embedder.model);
    const missing = chunks.filter((chunk) => !stored.has(chunk.contentHash));
    const fresh = missing.length > 0 ? await this.embedder.embed(missing.map((chunk) => chunk.content)) : [];
    if (fresh.length > 0) await this.ensureVectorIndex(fresh[0].length);
    missing.forEach((chunk, i) => stored.set(chunk.contentHash, fresh[i]));
    summary.embedded += missing.length;

    return this.knowledge.saveArticle(organizationId, {
      input: article,
      contentHash: articleContentHash(input, this.embedder.model),
      textSearchConfig: textSearch.config,
      embeddingModel: this.embedder.model,
      chunks: chunks.map((chunk) => ({ ...chunk, embedding: stored.get(chunk.contentHash)! })),
      seenInRun: options.runId,
    });
  }

  // After a bulk load (a first sync, an evaluation) the planner's statistics lag behind autovacuum.
  refreshStatistics(): Promise<void> {
    return this.knowledge.refreshStatistics();
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

  async findPassages(organizationId: string, question: string, limit = 5): Promise<Passage[]> {
    const [embedding] = await this.embedder.embed([question]);
    const { hits, lexemeWeights } = await this.knowledge.findPassages({
      organizationId,
      text: question,
      embedding,
      embeddingModel: this.embedder.model,
      limit,
    });
    return hits.map((hit) => ({
      articleId: hit.articleId,
      externalId: hit.externalId,
      locale: hit.locale,
      title: hit.title,
      url: hit.url,
      section: hit.heading,
      visibility: hit.visibility,
      content: hit.content,
      score: hit.score,
      similarity: hit.similarity,
      lexicalScore: hit.bm25,
      coverage: weightShare(hit.articleLexemes, lexemeWeights),
      titleCoverage: weightShare(hit.titleLexemes, lexemeWeights),
    }));
  }
}

// The share of the question's IDF mass in a set of its lexemes: a ticket whose rarest words the article
// lacks is rarely answered by it.
function weightShare(lexemes: string[], weights: Record<string, number>): number {
  const total = Object.values(weights).reduce((sum, w) => sum + w, 0);
  return total === 0 ? 0 : lexemes.reduce((sum, lexeme) => sum + (weights[lexeme] ?? 0), 0) / total;
}

const articleKey = (article: Pick<ArticleInput, 'externalId' | 'locale'>) => `${article.externalId}|${article.locale}`;

const problem = (article: ArticleInput, reason: IngestProblem['reason'], detail?: string): IngestProblem => ({
  externalId: article.externalId,
  locale: article.locale,
  reason,
  ...(detail ? { detail } : {}),
});
