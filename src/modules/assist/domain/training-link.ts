import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed, expiring capability for one suggestion's training page: `<expiry unix seconds>.<hmac>`.
export function signTrainingToken(key: string, suggestionId: string, expiresAt: Date): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  return `${expiry}.${mac(key, suggestionId, expiry)}`;
}

export type TrainingTokenVerdict = 'valid' | 'expired' | 'invalid';

export function verifyTrainingToken(key: string, suggestionId: string, token: string, now: Date): TrainingTokenVerdict {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const expiry = Number(match[1]);
  const expected = Buffer.from(mac(key, suggestionId, expiry));
  if (!timingSafeEqual(expected, Buffer.from(match[2]))) return 'invalid';
  return expiry * 1000 < now.getTime() ? 'expired' : 'valid';
}

function mac(key: string, suggestionId: string, expiry: number): string {
  return createHmac('sha256', `training-link:${key}`).update(`${suggestionId}.${expiry}`).digest('base64url');
}
