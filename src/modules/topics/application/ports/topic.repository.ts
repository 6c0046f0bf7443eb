import { TopicSimilarity } from '../../domain/semantic-match';
import { Topic, TopicDraft } from '../../domain/topic';

// A topic's texts embedded with one model; `sourceHash` names the texts.
export interface TopicEmbedding {
  model: string;
  sourceHash: string;
  vectors: number[][];
}

export interface StoredTopicSimilarity extends TopicSimilarity {
  sourceHash: string;
}

export abstract class TopicRepository {
  abstract create(organizationId: string, topic: TopicDraft, embedding: TopicEmbedding | null): Promise<Topic>;
  abstract find(organizationId: string, topicId: string): Promise<Topic | null>;
  abstract listForOrganization(organizationId: string): Promise<Topic[]>;
  abstract update(organizationId: string, topicId: string, changes: Partial<TopicDraft>, embedding: TopicEmbedding | null): Promise<Topic | null>;
  abstract delete(organizationId: string, topicId: string): Promise<boolean>;
  abstract saveEmbedding(organizationId: string, topicId: string, embedding: TopicEmbedding): Promise<void>;
  // Each topic's best cosine similarity to `vector` over its stored texts, per set of texts embedded with `model`.
  abstract findSimilarities(organizationId: string, model: string, vector: number[]): Promise<StoredTopicSimilarity[]>;
  // Every topic's stored vectors of `model`, by topic id, for classifying many tickets in memory.
  abstract listEmbeddings(organizationId: string, model: string): Promise<Map<string, TopicEmbedding>>;
}
