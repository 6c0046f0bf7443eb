import { PERSONAL_DATA_PLACEHOLDERS } from './personal-data';

// A solved or closed Zendesk ticket kept as a past answer: the customer's question and the agent's last public
// reply, both stripped of personal data before they were stored (personal-data.ts, solved-ticket-pair.ts).
export interface SolvedTicket {
  id: string;
  organizationId: string;
  // The Zendesk ticket it came from.
  ticketId: string;
  question: string;
  answer: string;
  answeredAt: Date;
  syncedAt: Date;
}

// A ticket's pair counted in a sync run: stored or replaced, left out (no substantive reply), or removed.
export interface SolvedTicketSyncCounts {
  fetched: number;
  added: number;
  updated: number;
  skipped: number;
  removed: number;
}

export const emptySolvedTicketCounts = (): SolvedTicketSyncCounts => ({ fetched: 0, added: 0, updated: 0, skipped: 0, removed: 0 });

export interface SolvedTicketsSummary {
  enabled: boolean;
  count: number;
  // When the export was last read to its end; null before the first sync.
  lastSyncedAt: Date | null;
}

// The question as it is looked up (its lexemes and vector): the placeholders of the personal data it held are no
// words the customer wrote, and "[email]" must not match a question about email.
export function lookupTextOf(question: string): string {
  return Object.values(PERSONAL_DATA_PLACEHOLDERS).reduce((text, placeholder) => text.split(placeholder).join(' '), question);
}

// How a past answer shows among a note's sources.
export const solvedTicketTitle = (ticketId: string): string => `Similar solved ticket #${ticketId}`;

// The ticket in Zendesk's agent interface: only agents can open it. Never a link for the customer (draft-guard.ts
// takes any /agent/ link out of a model's reply).
export const agentTicketUrl = (zendeskBaseUrl: string, ticketId: string): string => `${new URL(zendeskBaseUrl).origin}/agent/tickets/${encodeURIComponent(ticketId)}`;

// A past answer grounds the draft before the articles only when it is clearly closer than they are: its
// similarity at least half again its threshold (a near-paraphrase of the question), while no article the draft
// would read holds nearly all of the question's weight. Otherwise it follows the articles: the draft is grounded
// on them, and the past answer is one more source the writer may read.
export const SOLVED_TICKET_LEAD_MARGIN = 1.5;
export const ARTICLE_COVERAGE_KEEPS_LEAD = 0.9;

export function solvedTicketLeads(margin: number, bestArticleCoverage: number): boolean {
  return margin >= SOLVED_TICKET_LEAD_MARGIN && bestArticleCoverage < ARTICLE_COVERAGE_KEEPS_LEAD;
}
