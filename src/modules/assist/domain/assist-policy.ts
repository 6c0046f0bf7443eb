import { isAgentRole, TicketComment, TicketSnapshot, TicketStatus } from '../../zendesk/domain/ticket';

export type SkipReason =
  | 'assist_disabled'
  | 'handoff_ticket'
  | 'status_not_actionable'
  | 'awaiting_customer'
  | 'no_customer_comment'
  | 'duplicate'
  | 'no_assist_topic'
  | 'not_helpful_answer';

export const NO_ASSIST_TOPIC_TAG = 'opencx_skipped_assist_mode_because_of_the_topic_in_no_assist_list';
export const NOT_HELPFUL_ANSWER_TAG = 'opencx_skipped_not_helpful_answer';

// Only these two skips are visible on the ticket; the others are routine and live in the decision log.
const TAG_FOR_SKIP: Partial<Record<SkipReason, string>> = {
  no_assist_topic: NO_ASSIST_TOPIC_TAG,
  not_helpful_answer: NOT_HELPFUL_ANSWER_TAG,
};

export interface AssistPolicySettings {
  assistEnabled: boolean;
  respondOnlyWithPotentialAnswers: boolean;
  handoffTag: string;
  // The organization's actionable statuses (by default all but solved and closed).
  actionableStatuses: TicketStatus[];
}

// What the pipeline has learnt so far. Evidence is gathered lazily: each costs a query or an LLM call.
export interface AssistEvidence {
  ticket: TicketSnapshot;
  settings: AssistPolicySettings;
  // Our handoff flow recorded this ticket as its own (it may not carry the tag yet, or a rep removed it).
  recordedHandoff: boolean;
  claimed?: boolean;
  noAssistTopicMatched?: boolean;
  draftSourced?: boolean;
}

export type AssistStep =
  | { kind: 'skip'; reason: SkipReason; tags: string[] }
  | { kind: 'suggest' }
  | { kind: 'gather'; evidence: 'claim' | 'topics' | 'draft' };

// The decision table, first match wins. Pure: the pipeline loops, gathering what is asked for.
export function nextAssistStep(evidence: AssistEvidence): AssistStep {
  const { ticket, settings } = evidence;
  if (!settings.assistEnabled) return skip('assist_disabled');
  if (evidence.recordedHandoff || ticket.tags.includes(settings.handoffTag)) return skip('handoff_ticket');

  const latest = latestPublicComment(ticket);
  const agentSpokeLast = latest !== null && isAgentRole(latest.authorRole);
  if (!settings.actionableStatuses.includes(ticket.status)) return skip('status_not_actionable');
  if ((ticket.status === 'pending' || ticket.status === 'hold') && agentSpokeLast) return skip('status_not_actionable');
  if (latest === null) return skip('no_customer_comment');
  if (agentSpokeLast) return skip('awaiting_customer');

  if (evidence.claimed === undefined) return { kind: 'gather', evidence: 'claim' };
  if (!evidence.claimed) return skip('duplicate');

  if (evidence.noAssistTopicMatched === undefined) return { kind: 'gather', evidence: 'topics' };
  if (evidence.noAssistTopicMatched) return skip('no_assist_topic');

  if (evidence.draftSourced === undefined) return { kind: 'gather', evidence: 'draft' };
  if (settings.respondOnlyWithPotentialAnswers && !evidence.draftSourced) return skip('not_helpful_answer');
  return { kind: 'suggest' };
}

export function latestPublicComment(ticket: TicketSnapshot): TicketComment | null {
  const publicComments = ticket.comments.filter((comment) => comment.public);
  return publicComments.at(-1) ?? null;
}

// The customer's side of the conversation since the last agent reply, latest first.
export function unansweredCustomerComments(ticket: TicketSnapshot): string[] {
  return customerCommentsAroundLastAgentReply(ticket).unanswered;
}

// The customer's public comments after an agent's latest public reply (unanswered), and before it (answered),
// each latest first.
function customerCommentsAroundLastAgentReply(ticket: TicketSnapshot): { unanswered: string[]; answered: string[] } {
  const publicComments = ticket.comments.filter((comment) => comment.public);
  const lastAgentIndex = publicComments.map((c) => isAgentRole(c.authorRole)).lastIndexOf(true);
  const bodies = (comments: TicketSnapshot['comments']) =>
    comments
      .map((comment) => comment.body.trim())
      .filter(Boolean)
      .reverse();
  return {
    unanswered: bodies(publicComments.slice(lastAgentIndex + 1)),
    answered: bodies(publicComments.slice(0, Math.max(lastAgentIndex, 0)).filter((comment) => !isAgentRole(comment.authorRole))),
  };
}

// What a draft is asked from a ticket; the pipeline and `npm run eval` both read a ticket through it.
export interface TicketQuestion {
  subject: string;
  // The customer's unanswered public comments, latest first.
  customerComments: string[];
  // The customer's earlier public comments, which an agent answered, latest first: the conversation's context.
  answeredCustomerComments: string[];
  customerName: string | null;
  customerLocale: string | null;
}

export function ticketQuestion(ticket: TicketSnapshot): TicketQuestion {
  const requester = ticket.comments.find((comment) => comment.authorId === ticket.requesterId);
  const { unanswered, answered } = customerCommentsAroundLastAgentReply(ticket);
  return {
    subject: ticket.subject,
    customerComments: unanswered,
    answeredCustomerComments: answered,
    customerName: requester?.authorName ?? null,
    customerLocale: ticket.requesterLocale,
  };
}

function skip(reason: SkipReason): AssistStep {
  const tag = TAG_FOR_SKIP[reason];
  return { kind: 'skip', reason, tags: tag ? [tag] : [] };
}
