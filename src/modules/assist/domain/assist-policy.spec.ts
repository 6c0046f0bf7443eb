import { TicketComment, TicketSnapshot } from '../../zendesk/domain/ticket';
import { ticketQuestion, unansweredCustomerComments } from '../../zendesk/domain/ticket-question';
import {
  AssistEvidence,
  AssistPolicySettings,
  AssistStep,
  NO_ASSIST_TOPIC_TAG,
  NOT_HELPFUL_ANSWER_TAG,
  nextAssistStep,
} from './assist-policy';

let nextId = 1;
const comment = (role: TicketComment['authorRole'], body: string, isPublic = true): TicketComment => ({
  id: String(nextId++),
  authorId: role,
  authorRole: role,
  authorName: null,
  public: isPublic,
  body,
  htmlBody: `<p>${body}</p>`,
  createdAt: new Date(0).toISOString(),
});

const ticket = (overrides: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  id: '42',
  subject: 'Password reset',
  status: 'open',
  tags: [],
  updatedAt: '2026-01-01T00:00:00Z',
  requesterId: 'end-user',
  requesterLocale: 'en-US',
  comments: [comment('end-user', 'How do I reset my password?')],
  ...overrides,
});

const settings: AssistPolicySettings = {
  assistEnabled: true,
  respondOnlyWithPotentialAnswers: false,
  handoffTag: 'opencx_handedoff',
  actionableStatuses: ['new', 'open', 'pending', 'hold'],
};
const evidence = (overrides: Partial<AssistEvidence> = {}): AssistEvidence => ({
  ticket: ticket(),
  settings,
  recordedHandoff: false,
  ...overrides,
});
const all = { claimed: true, noAssistTopicMatched: false, draftSourced: true };
const skipped = (reason: string, tags: string[] = []): AssistStep => ({ kind: 'skip', reason, tags }) as AssistStep;

describe('nextAssistStep', () => {
  const agentLast = [comment('end-user', 'Help'), comment('agent', 'Try this')];
  const customerLast = [...agentLast, comment('end-user', 'Did not work')];

  it.each<[string, AssistEvidence, AssistStep]>([
    ['assist disabled', evidence({ settings: { ...settings, assistEnabled: false }, ...all }), skipped('assist_disabled')],
    ['handoff tag', evidence({ ticket: ticket({ tags: ['vip', 'opencx_handedoff'] }), ...all }), skipped('handoff_ticket')],
    ['recorded as a handoff, without the tag', evidence({ recordedHandoff: true, ...all }), skipped('handoff_ticket')],
    [
      'custom handoff tag',
      evidence({ settings: { ...settings, handoffTag: 'bot_handoff' }, ticket: ticket({ tags: ['bot_handoff'] }), ...all }),
      skipped('handoff_ticket'),
    ],
    ['solved', evidence({ ticket: ticket({ status: 'solved' }), ...all }), skipped('status_not_actionable')],
    ['closed', evidence({ ticket: ticket({ status: 'closed' }), ...all }), skipped('status_not_actionable')],
    ['pending, agent spoke last', evidence({ ticket: ticket({ status: 'pending', comments: agentLast }), ...all }), skipped('status_not_actionable')],
    ['hold, agent spoke last', evidence({ ticket: ticket({ status: 'hold', comments: agentLast }), ...all }), skipped('status_not_actionable')],
    ['pending, customer spoke last', evidence({ ticket: ticket({ status: 'pending', comments: customerLast }), ...all }), { kind: 'suggest' }],
    [
      'open, but the organization acts on new tickets only',
      evidence({ ticket: ticket({ status: 'open' }), settings: { ...settings, actionableStatuses: ['new'] }, ...all }),
      skipped('status_not_actionable'),
    ],
    [
      'solved, and the organization acts on solved tickets too',
      evidence({ ticket: ticket({ status: 'solved' }), settings: { ...settings, actionableStatuses: ['open', 'solved'] }, ...all }),
      { kind: 'suggest' },
    ],
    ['open, agent spoke last', evidence({ ticket: ticket({ comments: agentLast }), ...all }), skipped('awaiting_customer')],
    [
      'an internal note after the customer does not count as a reply',
      evidence({ ticket: ticket({ comments: [comment('end-user', 'Help'), comment('agent', 'note', false)] }), ...all }),
      { kind: 'suggest' },
    ],
    ['no public comment at all', evidence({ ticket: ticket({ comments: [comment('agent', 'note', false)] }), ...all }), skipped('no_customer_comment')],
    ['claim not yet taken', evidence(), { kind: 'gather', evidence: 'claim' }],
    ['duplicate', evidence({ ...all, claimed: false }), skipped('duplicate')],
    ['topics not yet classified', evidence({ claimed: true }), { kind: 'gather', evidence: 'topics' }],
    ['no-assist topic', evidence({ ...all, noAssistTopicMatched: true }), skipped('no_assist_topic', [NO_ASSIST_TOPIC_TAG])],
    ['no draft yet', evidence({ claimed: true, noAssistTopicMatched: false }), { kind: 'gather', evidence: 'draft' }],
    [
      'unsourced draft, potential answers only',
      evidence({ ...all, draftSourced: false, settings: { ...settings, respondOnlyWithPotentialAnswers: true } }),
      skipped('not_helpful_answer', [NOT_HELPFUL_ANSWER_TAG]),
    ],
    ['unsourced draft, suggestions allowed', evidence({ ...all, draftSourced: false }), { kind: 'suggest' }],
    [
      'sourced draft, potential answers only',
      evidence({ ...all, settings: { ...settings, respondOnlyWithPotentialAnswers: true } }),
      { kind: 'suggest' },
    ],
    ['everything clear', evidence(all), { kind: 'suggest' }],
  ])('%s', (_, input, expected) => {
    expect(nextAssistStep(input)).toEqual(expected);
  });

  it('checks rules in order: a disabled org never reaches the duplicate check', () => {
    expect(nextAssistStep(evidence({ settings: { ...settings, assistEnabled: false }, claimed: false }))).toEqual(
      skipped('assist_disabled'),
    );
  });
});

describe('unansweredCustomerComments', () => {
  it('lists the customer comments since the last agent reply, latest first', () => {
    const t = ticket({
      comments: [comment('end-user', 'old question'), comment('agent', 'answer'), comment('end-user', 'first'), comment('end-user', 'second')],
    });
    expect(unansweredCustomerComments(t)).toEqual(['second', 'first']);
  });

  it("keeps the customers' comments an agent answered as the conversation, latest first, without agents' or private ones", () => {
    const t = ticket({
      comments: [
        comment('end-user', 'first question'),
        comment('agent', 'first answer'),
        { ...comment('end-user', 'a private aside'), public: false },
        comment('end-user', 'second question'),
        comment('agent', 'second answer'),
        comment('end-user', 'follow-up'),
      ],
    });
    expect(ticketQuestion(t)).toMatchObject({ customerComments: ['follow-up'], answeredCustomerComments: ['second question', 'first question'] });
  });
});

describe('ticketQuestion', () => {
  it("asks the subject and the unanswered comments, in the requester's name and language", () => {
    const requester = { ...comment('end-user', 'thanks, and how do I change my email?'), authorName: 'Ada Lovelace' };
    const t = ticket({ comments: [{ ...comment('end-user', 'old question'), authorName: 'Ada Lovelace' }, comment('agent', 'answer'), requester] });
    expect(ticketQuestion(t)).toEqual({
      subject: 'Password reset',
      customerComments: ['thanks, and how do I change my email?'],
      answeredCustomerComments: ['old question'],
      customerName: 'Ada Lovelace',
      customerLocale: 'en-US',
    });
  });
});
