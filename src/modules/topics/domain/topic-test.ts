import { truncateText } from '../../../shared/text/safe-text';
import { TopicMatch } from './topic';

// One stored ticket classified with the current topics (before) and with the draft applied (after).
export interface ReplayedTicket {
  ticketId: string;
  askedAt: Date;
  text: string;
  before: TopicMatch[];
  after: TopicMatch[];
}

export type MatchShown = Pick<TopicMatch, 'name' | 'noAssist' | 'because'>;

export interface TopicTestExample {
  ticketId: string;
  askedAt: Date;
  excerpt: string;
  // Why the draft matched (caught), why a no-assist topic now matches (newly skipped) or why one matched before
  // (newly assisted): `keyword:refund`, `semantic:0.41`, `tag:x`.
  because: string;
  before: MatchShown[];
  after: MatchShown[];
}

export interface TopicTestGroup {
  count: number;
  examples: TopicTestExample[];
}

export interface TopicTestOutcome {
  ticketsTested: number;
  // Tickets the draft topic matches.
  caught: TopicTestGroup;
  // Not skipped for a no-assist topic before, skipped with the draft: Assist would stay quiet on them.
  newlySkipped: TopicTestGroup;
  // Skipped for a no-assist topic before, not with the draft: Assist would go on to draft for them.
  newlyAssisted: TopicTestGroup;
}

export const EXAMPLES_PER_GROUP = 20;
const EXCERPT_LENGTH = 200;

// What changes with the draft, over tickets replayed newest first: the examples are the most recent ones.
export function compareTopicTest(tickets: ReplayedTicket[], draftTopicId: string): TopicTestOutcome {
  const caught = emptyGroup();
  const newlySkipped = emptyGroup();
  const newlyAssisted = emptyGroup();
  for (const ticket of tickets) {
    const draftMatch = ticket.after.find((match) => match.topicId === draftTopicId);
    if (draftMatch) add(caught, ticket, draftMatch);
    const skippedBefore = ticket.before.find((match) => match.noAssist);
    const skippedAfter = ticket.after.find((match) => match.noAssist);
    if (!skippedBefore && skippedAfter) add(newlySkipped, ticket, skippedAfter);
    if (skippedBefore && !skippedAfter) add(newlyAssisted, ticket, skippedBefore);
  }
  return { ticketsTested: tickets.length, caught, newlySkipped, newlyAssisted };
}

const emptyGroup = (): TopicTestGroup => ({ count: 0, examples: [] });

function add(group: TopicTestGroup, ticket: ReplayedTicket, reason: TopicMatch): void {
  group.count++;
  if (group.examples.length >= EXAMPLES_PER_GROUP) return;
  group.examples.push({
    ticketId: ticket.ticketId,
    askedAt: ticket.askedAt,
    excerpt: truncateText(ticket.text, EXCERPT_LENGTH),
    because: reason.because,
    before: ticket.before.map(shown),
    after: ticket.after.map(shown),
  });
}

const shown = ({ name, noAssist, because }: TopicMatch): MatchShown => ({ name, noAssist, because });
