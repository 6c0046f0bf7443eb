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

// The cosine similarity between a ticket's question and a training answer's question above which the answer is
// used, per embedding model: similarities of one model mean nothing for another. A model without a calibrated
// threshold never picks a training answer up (a wrong "answer from your team" is worse than none) until one is
// calibrated for it. offline-hashed-512-v1: chosen on eval/dev's 30 assessor paraphrases against its other
// tickets, where fewer than 4 % of them pick one up (see README, "Measured quality").
export const TRAINING_MATCH_THRESHOLDS: Readonly<Record<string, number>> = {
  'offline-hashed-512-v1': 0.25,
};

export function trainingMatchThreshold(model: string): number | null {
  return TRAINING_MATCH_THRESHOLDS[model] ?? null;
}

// How a training answer shows among a note's sources.
export const TRAINING_ANSWER_TITLE = 'Answer from your team';
