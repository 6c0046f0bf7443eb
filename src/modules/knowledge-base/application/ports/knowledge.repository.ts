import { RetrievalWeights } from '../../domain/retrieval-weights';
import { ArticleChunk, ArticleInput, KnowledgeSource } from '../../domain/article';

export interface EmbeddedChunk extends ArticleChunk {
  embedding: number[];
}

export interface StoredArticle {
  input: ArticleInput;
  contentHash: string;
  textSearchConfig: string;
  embeddingModel: string;
  chunks: EmbeddedChunk[];
  // The sync run that saw it, so a full pass can tell which articles vanished from the help center.
  seenInRun?: string;
}

export interface PassageQuery {
  organizationId: string;
  text: string;
  // The part of `text` whose terms weigh fully in full-text ranking; null: all of it.
  focus: string | null;
  // The conversation's earlier turns: their terms count as context only; null: none.
  context: string | null;
  embedding: number[];
  embeddingModel: string;
  // What the fusion weighs (a vector weight of 0: no vector search).
  weights: RetrievalWeights;
  limit: number;
  // The customer's language: when the knowledge base has articles in it, only those are searched.
  language: string | null;
}

// One retrieved chunk, with the evidence the service turns into a Passage. `score` is its article's.
export interface ChunkHit {
  articleId: string;
  externalId: string;
  locale: string;
  title: string;
  url: string;
  heading: string | null;
  visibility: 'public' | 'restricted' | 'internal';
  source: KnowledgeSource;
  content: string;
  score: number;
  similarity: number;
  bm25: number;
  // The question's lexemes that this chunk's article contains anywhere, and in its title.
  articleLexemes: string[];
  titleLexemes: string[];
}

export interface PassageSearch {
  hits: ChunkHit[];
  // Every lexeme of the question the knowledge base knows, with its inverse document frequency.
  lexemeWeights: Record<string, number>;
}

export abstract class KnowledgeRepository {
  // content_hash per "externalId|locale", to skip articles whose content (and model) did not change.
  abstract findContentHashes(organizationId: string, keys: string[]): Promise<Map<string, string>>;

  // Embeddings already stored for these articles' ("externalId|locale") chunks, by chunk content hash.
  abstract findChunkEmbeddings(organizationId: string, keys: string[], model: string): Promise<Map<string, number[]>>;

  // Replaces the articles and their chunks in one transaction: the KB never holds half an article.
  abstract saveArticles(organizationId: string, articles: StoredArticle[]): Promise<('added' | 'updated')[]>;

  // Makes vector search by this model fast (an approximate nearest-neighbour index), idempotently.
  abstract ensureVectorIndex(model: string, dimensions: number): Promise<void>;

  // Refreshes the planner's statistics after a large change, so retrieval keeps choosing its indexes.
  abstract refreshStatistics(): Promise<void>;

  // Marks unchanged articles as seen by a sync run.
  abstract markSeen(organizationId: string, keys: string[], runId: string): Promise<void>;

  abstract findPassages(query: PassageQuery): Promise<PassageSearch>;
}
