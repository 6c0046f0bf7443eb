import { AssistJob, Decision, DecisionRecord, Suggestion, WebhookEvent } from '../../domain/decision';

// Durable memory of the pipeline: webhook inbox, suggestions and the decision log.
export abstract class AssistRecords {
  // Stores the event and queues its job in one transaction.
  abstract acceptWebhook(event: WebhookEvent): Promise<AssistJob>;

  abstract recordDecision(decision: DecisionRecord): Promise<Decision>;
  abstract listDecisions(organizationId: string, ticketId: string): Promise<Decision[]>;

  // Tickets our Ticketing API handoff flow created: Assist never touches them.
  abstract recordHandoff(organizationId: string, ticketId: string): Promise<void>;
  abstract isHandoffTicket(organizationId: string, ticketId: string): Promise<boolean>;

  abstract saveSuggestion(suggestion: Omit<Suggestion, 'postedAt' | 'createdAt'>): Promise<Suggestion>;
  abstract findSuggestion(id: string): Promise<Suggestion | null>;
  abstract findSuggestionForEvent(eventId: string, commentId: string): Promise<Suggestion | null>;
  abstract markSuggestionPosted(id: string): Promise<void>;
}
