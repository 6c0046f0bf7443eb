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

// The training link as it stands in a posted note (href attribute, HTML-escaped), or null if the note has none.
export function trainingLinkInNote(noteHtml: string, suggestionId: string): string | null {
  const href = /href="([^"]*)"/g;
  for (const [, escaped] of noteHtml.matchAll(href)) {
    const url = escaped.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    if (url.includes(`/training/${suggestionId}?`)) return url;
  }
  return null;
}

// When a token says it expires (its signature aside); null if it is not a token at all.
export function trainingTokenExpiry(token: string): Date | null {
  const match = /^(\d{1,12})\./.exec(token);
  return match ? new Date(Number(match[1]) * 1000) : null;
}
