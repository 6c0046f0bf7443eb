import { AcceptedDelivery, AssistJob, Decision, DecisionOutcome, DecisionRecord, RejectedWebhook, Suggestion, TicketRunStart, WebhookDelivery, WebhookEvent } from '../../domain/decision';
import { Acceptance, AcceptanceJudgement } from '../../domain/reply-acceptance';
import { Page, PageRequest } from '../../../../shared/pagination/page';

export interface DecisionFilter {
  ticketId?: string;
  outcome?: DecisionOutcome;
  reason?: string;
  // Matched this topic, by name.
  topic?: string;
  // Made at or after `from`, before `to`.
  from?: Date;
  to?: Date;
}

export type AcceptanceCounts = Record<Acceptance | 'pending', number> & { total: number };

export const emptyAcceptanceCounts = (): AcceptanceCounts => ({ as_is: 0, lightly_edited: 0, heavily_edited: 0, ignored: 0, pending: 0, total: 0 });

// Suggestions posted in a period by what the reps did with them; `pending` ones are still waiting for a reply.
export interface AcceptanceReport {
  overall: AcceptanceCounts;
  // By the topics the suggestion's decision matched, and by the articles it cited.
  topics: { topic: string; counts: AcceptanceCounts }[];
  articles: { articleId: string; title: string; counts: AcceptanceCounts }[];
}

// Durable memory of the pipeline: webhook inbox, suggestions and the decision log.
export type NewSuggestion = Omit<Suggestion, 'postedAt' | 'zendeskCommentId' | 'createdAt' | 'acceptance' | 'reassignedTopicId'>;

export interface TicketRead {
  eventId: string;
  // When the run started reading (a webhook's run), or null (an operator's replay marks nothing).
  readFrom: Date | null;
  organizationId: string;
  ticketId: string;
  // The comment's claim (dedupe), taken in the same statement unless the ticket was handed off; null: none asked.
  claim?: { commentId: string; windowHours: number } | null;
}

export interface RecordedTicket {
  // Created by our Ticketing API handoff flow: Assist never touches it.
  handoff: boolean;
  // Whether the claim asked for was won; null when none was asked for or the ticket was handed off.
  claimed: boolean | null;
  // Oldest first.
  suggestions: Suggestion[];
}

// A suggestion's note, as it is on the ticket.
export interface PostedNote {
  suggestionId: string;
  zendeskCommentId: string | null;
  // The suggestion the note shows, when no earlier attempt saved it: saved (as posted) with the decision.
  suggestion?: NewSuggestion;
}

export abstract class AssistRecords {
  // Stores the event and, in the same transaction, queues its job, unless a job of the same ticket is still
  // waiting to start: then the delivery is coalesced into that job's event (recorded as such), as that job's
  // run will read the ticket after this delivery came.
  abstract acceptWebhook(event: WebhookEvent): Promise<AcceptedDelivery>;
  // At the start of a webhook job: it no longer waits (later deliveries get a job of their own), and whether
  // a run of another event of the ticket started reading after this delivery came, so covers it.
  abstract beginTicketRun(job: AssistJob): Promise<TicketRunStart>;
  // Once the ticket is read: the event's read marked (a webhook's run, which started reading no earlier than
  // `readFrom`), the comment claimed if asked, and what is recorded of the ticket.
  abstract recordTicketRead(read: TicketRead): Promise<RecordedTicket>;
  // A `coalesced` decision for the event, naming the event whose run covered it.
  abstract recordCoalesced(job: AssistJob, into: string, evidence: Record<string, unknown>): Promise<Decision>;
  // Queues the job again to start at `startAfter`, without spending one of its retries.
  abstract deferJob(job: AssistJob, startAfter: Date): Promise<void>;
  // Kept per organization up to a bound: the endpoint is public, so the table must not grow with noise.
  abstract recordRejectedWebhook(rejection: RejectedWebhook): Promise<void>;
  // Accepted and refused deliveries for the ticket, oldest first.
  abstract listWebhookDeliveries(organizationId: string, ticketId: string): Promise<WebhookDelivery[]>;
  // The organization's latest delivery, accepted or refused (a refused one names the ticket its body claimed, if any).
  abstract findLatestWebhookDelivery(organizationId: string): Promise<(WebhookDelivery & { ticketId: string | null }) | null>;

  // With the note a run posted (or found on the ticket), recorded as posted in the same write, and its suggestion
  // saved there when it is new (never twice for an event and comment).
  abstract recordDecision(decision: DecisionRecord, postedNote?: PostedNote): Promise<Decision>;
  abstract listDecisions(organizationId: string, ticketId: string): Promise<Decision[]>;
  // The organization's decision log for the admin API, newest first.
  abstract findDecisions(organizationId: string, filter: DecisionFilter, page: PageRequest): Promise<Page<Decision>>;
  // How many decisions matched each topic, by topic name.
  abstract countTopicMatches(organizationId: string): Promise<Map<string, number>>;

  // Tickets our Ticketing API handoff flow created: Assist never touches them.
  abstract recordHandoff(organizationId: string, ticketId: string): Promise<void>;

  abstract findSuggestion(id: string): Promise<Suggestion | null>;
  abstract listSuggestions(organizationId: string, ticketId: string): Promise<Suggestion[]>;
  // Judged once: false when it already was (another delivery of the same ticket got there first).
  abstract recordAcceptance(suggestionId: string, judgement: AcceptanceJudgement): Promise<boolean>;
  // Posted at or after `from`, before `to`.
  abstract reportAcceptance(organizationId: string, period: { from?: Date; to?: Date }): Promise<AcceptanceReport>;
}
