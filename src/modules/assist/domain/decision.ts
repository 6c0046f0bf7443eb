import { NoteSource } from './internal-note';

export type DecisionOutcome = 'suggested' | 'skipped' | 'failed';

export interface DecisionRecord {
  organizationId: string;
  ticketId: string;
  commentId: string | null;
  eventId: string | null;
  outcome: DecisionOutcome;
  reason: string;
  tagsApplied: string[];
  suggestionId: string | null;
  // What the decision was based on: status seen, topics matched and why, retrieval scores, errors.
  evidence: Record<string, unknown>;
}

export interface Decision extends DecisionRecord {
  id: string;
  at: Date;
}

export interface Suggestion {
  id: string;
  organizationId: string;
  ticketId: string;
  commentId: string;
  eventId: string;
  question: string;
  reply: string;
  noteHtml: string;
  sources: (NoteSource & { articleId: string })[];
  sourced: boolean;
  postedAt: Date | null;
  createdAt: Date;
}

export interface WebhookEvent {
  organizationId: string;
  ticketId: string;
  payload: unknown;
  signatureTimestamp: string;
}

export interface AssistJob {
  eventId: string;
  organizationId: string;
  ticketId: string;
}
