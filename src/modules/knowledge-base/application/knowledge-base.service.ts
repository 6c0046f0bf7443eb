import { Injectable, Logger } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { Passage } from '../../llm/domain/draft';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { ArticleInput, articleContentHash, articleText, chunkArticle } from '../domain/article';
import { KnowledgeRepository } from './ports/knowledge.repository';

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
}

const MAX_QUERY_TERMS = 40;

@Injectable()
export class KnowledgeBaseService {
  private readonly logger = new Logger(KnowledgeBaseService.name);

  constructor(
    private readonly knowledge: KnowledgeRepository,
    private readonly embedder: Embedder,
    private readonly organizations: OrganizationsService,
  ) {}

  async upsertArticles(organizationId: string, articles: ArticleInput[]): Promise<IngestSummary> {
    await this.organizations.get(organizationId);
    const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0 };
    const known = await this.knowledge.findContentHashes(organizationId, articles.map(articleKey));
    for (const article of articles) {
      const hash = articleContentHash(article, this.embedder.model);
      if (known.get(articleKey(article)) === hash) {
        summary.unchanged++;
        continue;
      }
      const chunks = chunkArticle(article.title, articleText(article.bodyHtml));
      const embeddings = await this.embedder.embed(chunks.map((chunk) => chunk.content));
      const outcome = await this.knowledge.saveArticle(
        organizationId,
        article,
        hash,
        this.embedder.model,
        chunks.map((chunk, i) => ({ ...chunk, embedding: embeddings[i] })),
      );
      summary[outcome]++;
    }
    this.logger.log(`Organization ${organizationId}: ${JSON.stringify(summary)}`);
    return summary;
  }

  async findPassages(organizationId: string, question: string, limit = 5): Promise<Passage[]> {
    const [embedding] = await this.embedder.embed([question]);
    return this.knowledge.findPassages({
      organizationId,
      embedding,
      embeddingModel: this.embedder.model,
      terms: queryTerms(question),
      limit,
    });
  }
}

const articleKey = (article: ArticleInput) => `${article.externalId}|${article.locale}`;

// Bare words only: they become an OR'ed tsquery, so nothing here may carry tsquery syntax.
function queryTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_QUERY_TERMS);
}
