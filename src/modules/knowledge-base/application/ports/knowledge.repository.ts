import { Passage } from '../../../llm/domain/draft';
import { ArticleChunk, ArticleInput } from '../../domain/article';

export interface EmbeddedChunk extends ArticleChunk {
  embedding: number[];
}

export interface PassageQuery {
  organizationId: string;
  embedding: number[];
  embeddingModel: string;
  // Plain words for full-text ranking; Postgres stems them with the article language's configuration.
  terms: string[];
  limit: number;
}

export abstract class KnowledgeRepository {
  // content_hash per "externalId|locale", to skip articles whose content (and model) did not change.
  abstract findContentHashes(organizationId: string, keys: string[]): Promise<Map<string, string>>;

  // Replaces the article and its chunks in one transaction: the KB never holds half an article.
  abstract saveArticle(
    organizationId: string,
    article: ArticleInput,
    contentHash: string,
    embeddingModel: string,
    chunks: EmbeddedChunk[],
  ): Promise<'added' | 'updated'>;

  abstract findPassages(query: PassageQuery): Promise<Passage[]>;
}
