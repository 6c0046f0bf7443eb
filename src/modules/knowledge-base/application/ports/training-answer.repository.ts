import { Page, PageRequest } from '../../../../shared/pagination/page';
import { TrainingAnswer, TrainingAnswerDraft } from '../../domain/training-answer';

export interface EmbeddedQuestion {
  embedding: number[];
  model: string;
}

export interface TrainingAnswerChanges {
  question?: string;
  answer?: string;
  // A new vector whenever the question changed.
  embedded?: EmbeddedQuestion;
}

export interface NearestTrainingAnswer {
  answer: TrainingAnswer;
  // Cosine similarity of its question to the ticket's (by embedding, or by weighted words).
  similarity: number;
}

export interface NearestByEmbedding {
  nearest: NearestTrainingAnswer | null;
  // Some of the organization's answers were embedded by another model (EMBEDDING_MODEL changed): not compared.
  otherModels: boolean;
}

export interface NearestByWordsAndEmbedding {
  byWords: NearestTrainingAnswer | null;
  byEmbedding: NearestByEmbedding;
}

export abstract class TrainingAnswerRepository {
  // null when the draft's suggestion is not one of the organization's.
  abstract create(organizationId: string, draft: TrainingAnswerDraft, embedded: EmbeddedQuestion): Promise<TrainingAnswer | null>;

  abstract update(organizationId: string, id: string, changes: TrainingAnswerChanges): Promise<TrainingAnswer | null>;

  abstract delete(organizationId: string, id: string): Promise<boolean>;

  abstract find(organizationId: string, id: string): Promise<TrainingAnswer | null>;

  // The answer a rep saved from this suggestion's training page, if any.
  abstract findBySuggestion(organizationId: string, suggestionId: string): Promise<TrainingAnswer | null>;

  abstract count(organizationId: string): Promise<number>;

  // Newest first.
  abstract list(organizationId: string, page: PageRequest): Promise<Page<TrainingAnswer>>;

  // Answers whose question was embedded by another model (EMBEDDING_MODEL changed since).
  abstract findEmbeddedByOtherModel(organizationId: string, model: string): Promise<TrainingAnswer[]>;

  abstract findNearest(organizationId: string, embedded: EmbeddedQuestion): Promise<NearestByEmbedding>;

  // By the words the questions share, weighted by how rare the knowledge base finds them (TF-IDF cosine).
  abstract findLexicallyNearest(organizationId: string, question: string): Promise<NearestTrainingAnswer | null>;

  // Both of the above in one look-up: what a drafted ticket asks when the embedding model has a threshold.
  abstract findNearestByWordsAndEmbedding(organizationId: string, question: string, embedded: EmbeddedQuestion): Promise<NearestByWordsAndEmbedding>;
}
