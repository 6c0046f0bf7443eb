import { TicketForTopics } from '../../topics/domain/topic';
import { NoteSource } from './internal-note';
import { AcceptanceJudgement } from './reply-acceptance';

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
  // What topic classification read, when the run got that far: kept for the topic tester until the
  // organization's retention erases it. Not part of a decision read back.
  classified?: TicketForTopics;
}

export interface Decision extends Omit<DecisionRecord, 'classified'> {
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
  sources: SuggestionSource[];
  sourced: boolean;
  postedAt: Date | null;
  // The note's comment id in Zendesk, once posted (null when Zendesk's answer did not name it).
  zendeskCommentId: string | null;
  createdAt: Date;
  // What the rep did with it, once their public reply (or the ticket's solving) showed it.
  acceptance: SuggestionAcceptance | null;
  // The topic a rep said the ticket really was, on the training page; it replaces the matched ones in reports.
  reassignedTopicId: string | null;
}

export interface SuggestionSource extends NoteSource {
  articleId: string;
  // The passage the draft was grounded on, as the training page shows it (absent on suggestions made before).
  section?: string | null;
  passage?: string;
}

export type SuggestionAcceptance = AcceptanceJudgement & { judgedAt: Date };

export interface WebhookEvent {
  organizationId: string;
  ticketId: string;
  payload: unknown;
  signatureTimestamp: string;
}

// Why a delivery was refused before anything else happened: it never became an event or a job.
export type WebhookRejection = 'missing_signature' | 'bad_signature' | 'stale';

export interface RejectedWebhook {
  organizationId: string;
  // Read from a body whose signature did not hold: a hint for filing it under a ticket, nothing more.
  ticketId: string | null;
  verdict: WebhookRejection;
  signatureTimestamp: string | null;
}

// One delivery as the explain story shows it: accepted (an event, then a job) or refused.
export interface WebhookDelivery {
  eventId: string | null;
  receivedAt: Date;
  verdict: 'valid' | WebhookRejection;
  signatureTimestamp: string | null;
  // The event whose run covered this delivery (it read nothing from Zendesk itself), or null.
  coalescedInto: string | null;
}

export interface AssistJob {
  eventId: string;
  organizationId: string;
  ticketId: string;
  // Set on a job put off because Zendesk asked every caller to wait (Retry-After, an open breaker): since when.
  deferredSince?: string;
}

// A coalesced delivery came while a job of its ticket was still waiting, or before a run of its ticket started
// reading; that run saw everything it announced, so it never read Zendesk itself. It is recorded as what it is
// to the decision table, a `duplicate` skip (the reason a redelivery always had), its evidence naming the event
// it was coalesced into (`coalescedInto`).
export const COALESCED_REASON = 'duplicate';

export interface AcceptedDelivery extends AssistJob {
  // The waiting event this delivery joined instead of queueing a job of its own, or null if it has a job.
  coalescedInto: string | null;
}

// Where a job's run stands against the other deliveries of its ticket, before anything is read from Zendesk.
export interface TicketRunStart {
  // Another event's run started reading the ticket after this delivery came in: it covers this one.
  coveredBy: string | null;
  // This run's reading starts no earlier than this (database clock): recorded once the ticket was read.
  readFrom: Date;
}
