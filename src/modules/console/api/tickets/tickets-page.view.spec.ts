import { TicketStory } from '../../../assist/application/explain.service';
import { OPERATOR } from '../../../organizations/domain/admin-principal';
import { renderTicketStory } from './tickets-page.view';

const session = { principal: OPERATOR, csrfToken: 'token' };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 31, 9, minute));

function story(overrides: Partial<TicketStory>): TicketStory {
  return { organization: { id: 'org-1', name: 'Acme' }, ticketId: '42', webhooks: [], decisions: [], tagsApplied: [], notes: [], ...overrides };
}

describe('the console ticket timeline', () => {
  it('tells a refused delivery, a coalesced one and a failed run with its error, oldest first', () => {
    const page = renderTicketStory(
      story({
        webhooks: [
          { eventId: null, receivedAt: at(1), verdict: 'bad_signature', signatureTimestamp: null, coalescedInto: null },
          { eventId: 'e2', receivedAt: at(3), verdict: 'valid', signatureTimestamp: null, coalescedInto: 'e1' },
        ],
        decisions: [
          { at: at(2), eventId: 'e1', outcome: 'failed', reason: 'zendesk_unavailable', replay: false, commentId: null, tagsApplied: [], suggestionId: null, evidence: { error: 'Zendesk answered 503 <b>' } },
        ],
      }),
      session,
    );
    const refused = page.indexOf('refused: <code>bad_signature</code>');
    const failed = page.indexOf('Decision: failed, <code>zendesk_unavailable</code>');
    const coalesced = page.indexOf('Coalesced into event <code>e1</code>');
    expect([refused, failed, coalesced].every((index) => index > -1)).toBe(true);
    expect(refused).toBeLessThan(failed);
    expect(failed).toBeLessThan(coalesced);
    expect(page).toContain('<dt>Failure</dt><dd>Zendesk answered 503 &#60;b&#62;</dd>');
  });

  it('shows the sourcing probability against its threshold when the draft was not sourced, and a replay as one', () => {
    const page = renderTicketStory(
      story({
        decisions: [
          {
            at: at(1),
            eventId: null,
            outcome: 'skipped',
            reason: 'not_helpful_answer',
            replay: true,
            commentId: '7',
            tagsApplied: ['opencx_skipped_not_helpful_answer'],
            suggestionId: null,
            evidence: { status: 'open', sourcing: { sourced: false, probability: 0.21, threshold: 0.5 }, retrieval: [{ title: 'Shipping times', score: 0.4 }] },
          },
        ],
        tagsApplied: ['opencx_skipped_not_helpful_answer'],
      }),
      session,
    );
    expect(page).toContain('(replay)');
    expect(page).toContain('probability 0.210 against threshold 0.5: not sourced');
    expect(page).toContain('Shipping times, score 0.400');
    expect(page).not.toContain('Nothing was recorded');
  });

  it('names the suggested macro with its score, and marks a macro among the retrieved passages', () => {
    const evidence = {
      suggestedMacro: { articleId: 'm1', title: 'Damaged item: refund', probability: 0.9, threshold: 0.6253 },
      retrieval: [{ title: 'Damaged item: refund', score: 0.03, origin: 'macro' }, { title: 'Shipping times', score: 0.02 }],
    };
    const decision = { at: at(1), eventId: 'e1', outcome: 'suggested' as const, reason: 'suggested', replay: false, commentId: '7', tagsApplied: [], suggestionId: 's1', evidence };
    const page = renderTicketStory(story({ decisions: [decision] }), session);

    expect(page).toContain('<dt>Suggested macro</dt><dd>Damaged item: refund: probability 0.900 against threshold 0.6253</dd>');
    expect(page).toContain('<li>Macro: Damaged item: refund, score 0.030</li>');
    expect(page).toContain('<li>Shipping times, score 0.020</li>');
  });

  it('says so when nothing was recorded', () => {
    expect(renderTicketStory(story({}), session)).toContain('Nothing was recorded for this ticket');
  });
});
