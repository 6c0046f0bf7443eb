import { createHmac } from 'node:crypto';
import { signZendeskWebhook, verifyZendeskSignature } from './webhook-signature';

describe('verifyZendeskSignature', () => {
  const secret = 'signing-secret-0123456789';
  const now = new Date('2026-11-24T12:00:00Z');
  const rawBody = Buffer.from('{"ticket_id":"42"}');
  const sign = (timestamp: string, body: Buffer = rawBody) =>
    createHmac('sha256', secret).update(timestamp + body.toString()).digest('base64');
  const timestamp = '2026-11-24T11:59:00Z';

  it('accepts a fresh, correctly signed delivery', () => {
    expect(verifyZendeskSignature({ rawBody, timestamp, signature: sign(timestamp) }, secret, now, 600)).toBe('valid');
  });

  it.each([
    ['no signature', { rawBody, timestamp, signature: undefined }, 'missing'],
    ['no timestamp', { rawBody, timestamp: undefined, signature: 'x' }, 'missing'],
    ['another body', { rawBody: Buffer.from('{"ticket_id":"43"}'), timestamp, signature: sign(timestamp) }, 'mismatch'],
    ['another timestamp', { rawBody, timestamp: '2026-11-24T11:59:01Z', signature: sign(timestamp) }, 'mismatch'],
    ['garbage signature', { rawBody, timestamp, signature: '!!!' }, 'mismatch'],
    ['an old delivery', { rawBody, timestamp: '2026-11-24T10:00:00Z', signature: sign('2026-11-24T10:00:00Z') }, 'stale'],
  ])('%s → %s', (_, delivery, verdict) => {
    expect(verifyZendeskSignature(delivery, secret, now, 600)).toBe(verdict);
  });

  it('signs as Zendesk does, so that a delivery it signs verifies', () => {
    expect(signZendeskWebhook(secret, timestamp, rawBody)).toBe(sign(timestamp));
    expect(verifyZendeskSignature({ rawBody, timestamp, signature: signZendeskWebhook(secret, timestamp, rawBody) }, secret, now, 600)).toBe('valid');
  });
});
