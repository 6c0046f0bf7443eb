import { Topic, TopicDraft } from '../../domain/topic';

// A topic's texts embedded with one model; `sourceHash` names the texts.
export interface TopicEmbedding {
  model: string;
  sourceHash: string;
  vectors: number[][];
}

// A topic's texts' cosine similarities to a vector, in the order of topicEmbeddingTexts.
export interface StoredTextSimilarities {
  topicId: string;
  sourceHash: string;
  similarities: number[];
}

export abstract class TopicRepository {
  abstract create(organizationId: string, topic: TopicDraft, embedding: TopicEmbedding | null): Promise<Topic>;
  abstract find(organizationId: string, topicId: string): Promise<Topic | null>;
  abstract listForOrganization(organizationId: string): Promise<Topic[]>;
  abstract update(organizationId: string, topicId: string, changes: Partial<TopicDraft>, embedding: TopicEmbedding | null): Promise<Topic | null>;
  abstract delete(organizationId: string, topicId: string): Promise<boolean>;
  abstract saveEmbedding(organizationId: string, topicId: string, embedding: TopicEmbedding): Promise<void>;
  // Each topic's texts' cosine similarities to `vector`, per set of texts embedded with `model`.
  abstract findTextSimilarities(organizationId: string, model: string, vector: number[]): Promise<StoredTextSimilarities[]>;
}
