import { TopicDetails, TopicDraft } from '../../domain/topic';

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
  abstract create(organizationId: string, topic: TopicDraft, embedding: TopicEmbedding | null): Promise<TopicDetails>;
  abstract find(organizationId: string, topicId: string): Promise<TopicDetails | null>;
  abstract listForOrganization(organizationId: string): Promise<TopicDetails[]>;
  // Examples no longer there stop being the reps'.
  abstract update(organizationId: string, topicId: string, changes: Partial<TopicDraft>, embedding: TopicEmbedding | null): Promise<TopicDetails | null>;
  // Appended to the topic's examples as they are now, unless it has it already; `embedding` is of the texts with it.
  abstract addExampleFromRep(organizationId: string, topicId: string, example: string, embedding: TopicEmbedding | null): Promise<TopicDetails | null>;
  abstract delete(organizationId: string, topicId: string): Promise<boolean>;
  abstract saveEmbedding(organizationId: string, topicId: string, embedding: TopicEmbedding): Promise<void>;
  // Each topic's texts' cosine similarities to `vector`, per set of texts embedded with `model`.
  abstract findTextSimilarities(organizationId: string, model: string, vector: number[]): Promise<StoredTextSimilarities[]>;
  // Every topic's stored vectors of `model`, by topic id, for classifying many tickets in memory.
  abstract listEmbeddings(organizationId: string, model: string): Promise<Map<string, TopicEmbedding>>;
}
