import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureVerdict = 'valid' | 'missing' | 'mismatch' | 'stale';

export interface SignedDelivery {
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

// Zendesk signs base64(HMAC-SHA256(secret, timestamp + raw body)); a delivery outside maxAge is refused
// so a captured request cannot be replayed later.
export function verifyZendeskSignature(
  delivery: SignedDelivery,
  secret: string,
  now: Date,
  maxAgeSeconds: number,
): SignatureVerdict {
  const { signature, timestamp, rawBody } = delivery;
  if (!signature || !timestamp) return 'missing';
  const expected = hmac(secret, timestamp, rawBody);
  const given = Buffer.from(signature, 'base64');
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  if (!matches) return 'mismatch';
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt) || Math.abs(now.getTime() - signedAt) > maxAgeSeconds * 1000) return 'stale';
  return 'valid';
}

// What Zendesk puts in X-Zendesk-Webhook-Signature: for the console's "Send a test", signed as Zendesk does.
export function signZendeskWebhook(secret: string, timestamp: string, rawBody: Buffer): string {
  return hmac(secret, timestamp, rawBody).toString('base64');
}

const hmac = (secret: string, timestamp: string, rawBody: Buffer) => createHmac('sha256', secret).update(timestamp).update(rawBody).digest();
