import { TicketForTopics } from '../../domain/topic';

// What a decision's topic classification read, as the pipeline stored it with the decision.
export interface StoredQuestion extends TicketForTopics {
  decisionId: string;
  ticketId: string;
  askedAt: Date;
}

export abstract class StoredQuestions {
  // The organization's questions asked at or after `since`, newest first.
  abstract listSince(organizationId: string, since: Date, limit: number): Promise<StoredQuestion[]>;
  // Erases, in every organization, the questions older than its retention; the decisions stay. How many.
  abstract eraseExpired(): Promise<number>;
}
