import { deliveryVerdict, sentTestVerdict } from './webhook-check';

describe('deliveryVerdict', () => {
  it.each([
    [{ verdict: 'valid', coalescedInto: null }, true, /^accepted: Assist queued/],
    [{ verdict: 'valid', coalescedInto: 'e1' }, true, /coalesced/],
    [{ verdict: 'bad_signature', coalescedInto: null }, false, /bad signature/],
    [{ verdict: 'stale', coalescedInto: null }, false, /stale/],
    [{ verdict: 'missing_signature', coalescedInto: null }, false, /no signature/],
  ] as const)('%j → accepted %s', (delivery, accepted, text) => {
    const verdict = deliveryVerdict(delivery);
    expect(verdict.accepted).toBe(accepted);
    expect(verdict.text).toMatch(text);
  });
});

describe('sentTestVerdict', () => {
  it('names the event, the event it joined, or why it was refused', () => {
    expect(sentTestVerdict({ kind: 'accepted', eventId: 'e1' })).toEqual({ accepted: true, text: 'Accepted as event e1: Assist queued the ticket.' });
    expect(sentTestVerdict({ kind: 'coalesced', eventId: 'e2', into: 'e1' }).text).toContain('coalesced into the waiting event e1');
    expect(sentTestVerdict({ kind: 'refused', why: 'Webhook signature stale' })).toEqual({ accepted: false, text: 'Refused: Webhook signature stale.' });
  });
});
