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

// A past answer grounds the draft before the articles only when it is clearly closer than they are: when its match
// is further past its threshold (similarity / threshold − 1) than the best article's coverage of the question is
// past the coverage where articles begin to source an answer (about one half: the coverage threshold fitted on
// eval/dev and techdocs, 0.52 and 0.50, docs/quality.md). A near-paraphrase of a solved ticket thus leads an
// article that merely shares the question's words; an article holding all of them needs a match half again past
// its threshold to be overtaken. Otherwise the past answer follows the articles: the draft is grounded on them, and
// a model writer may read it too. (docs/solved-tickets.md has the figures.)
export const ARTICLE_SOURCING_COVERAGE = 0.5;

export function solvedTicketLeads(margin: number, bestArticleCoverage: number): boolean {
  return margin - 1 >= bestArticleCoverage - ARTICLE_SOURCING_COVERAGE;
}
