import { Passage } from '../../llm/domain/draft';

// A rep's corrected answer to a question, kept in the organization's knowledge base. It grounds the draft for a
// similar question before any article does.
export interface TrainingAnswer {
  id: string;
  organizationId: string;
  question: string;
  answer: string;
  // The suggestion the rep corrected, when the answer came from one.
  suggestionId: string | null;
  // "operator", an admin API key id, or whoever the training page names.
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TrainingAnswerDraft {
  question: string;
  answer: string;
  suggestionId?: string | null;
  createdBy: string;
}

// The cosine similarity between a ticket's question and a training answer's question, by embedding, above which
// the answer is used, per embedding model: similarities of one model mean nothing for another. A model without
// a calibrated threshold has no semantic stage (a wrong "answer from your team" is worse than none); the lexical
// stage below still runs. offline-hashed-512-v1: 0.4, above the best similarity of every eval/dev ticket to
// another ticket's question (0.37); below it, this word-based embedding only adds wrong pickups to the lexical
// stage (see docs/quality.md, "Training answers").
export const TRAINING_MATCH_THRESHOLDS: Readonly<Record<string, number>> = {
  'offline-hashed-512-v1': 0.4,
};

export function trainingMatchThreshold(model: string): number | null {
  return TRAINING_MATCH_THRESHOLDS[model] ?? null;
}

// The TF-IDF cosine of two questions' words (weighted by the knowledge base's document frequencies) above which
// a training answer is used, whatever the embedding model. Chosen on eval/dev's 30 assessor paraphrases against
// every other ticket (see docs/quality.md, "Training answers").
export const LEXICAL_MATCH_THRESHOLD = 0.3;

// How a training answer shows among a note's sources.
export const TRAINING_ANSWER_TITLE = 'Answer from your team';

export interface MatchPastThreshold<T> {
  nearest: T;
  // Similarity / threshold (≥ 1): how clearly past its threshold the match is.
  margin: number;
  lexical: boolean;
}

// Of the nearest question by words and the nearest by embedding (compared only when the model has a threshold),
// the one further past its threshold; null when neither passes.
export function closestPastThreshold<T extends { similarity: number }>(byWords: T | null, byEmbedding: T | null, embeddingThreshold: number | null): MatchPastThreshold<T> | null {
  const candidates: MatchPastThreshold<T>[] = [];
  if (byWords && byWords.similarity >= LEXICAL_MATCH_THRESHOLD) candidates.push({ nearest: byWords, margin: byWords.similarity / LEXICAL_MATCH_THRESHOLD, lexical: true });
  if (byEmbedding && embeddingThreshold !== null && byEmbedding.similarity >= embeddingThreshold) {
    candidates.push({ nearest: byEmbedding, margin: byEmbedding.similarity / embeddingThreshold, lexical: false });
  }
  return candidates.sort((a, b) => b.margin - a.margin)[0] ?? null;
}

// A question a person answered (a rep's training answer, a solved ticket's reply), as a passage: written for a
// customer, scored by its match; leading the draft, it sources it (the team answered this question).
export function answeredQuestionPassage(
  source: Pick<Passage, 'articleId' | 'externalId' | 'title' | 'url' | 'content'> & Partial<Pick<Passage, 'origin'>>,
  { nearest: { similarity }, lexical }: MatchPastThreshold<{ similarity: number }>,
): Passage {
  return {
    locale: '',
    section: null,
    visibility: 'public',
    ...source,
    score: similarity,
    similarity: lexical ? 0 : similarity,
    lexicalScore: lexical ? similarity : 0,
    coverage: 1,
    titleCoverage: 1,
  };
}
