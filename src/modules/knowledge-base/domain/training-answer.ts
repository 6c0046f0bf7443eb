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
