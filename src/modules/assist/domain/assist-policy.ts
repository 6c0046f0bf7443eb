import { isAgentRole, TicketSnapshot, TicketStatus } from '../../zendesk/domain/ticket';
import { latestPublicComment } from '../../zendesk/domain/ticket-question';

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

function skip(reason: SkipReason): AssistStep {
  const tag = TAG_FOR_SKIP[reason];
  return { kind: 'skip', reason, tags: tag ? [tag] : [] };
}
