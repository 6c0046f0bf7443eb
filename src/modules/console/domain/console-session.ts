import { createHmac, timingSafeEqual } from 'node:crypto';
import { AdminPrincipal, OPERATOR } from '../../organizations/domain/admin-principal';

// How long a console sign-in lasts.
export const SESSION_HOURS = 8;

// The console's session cookie: who signed in (the operator, or a key by id and organization) and until when,
// signed with HMAC-SHA256. Never the token that signed in.
export function sealSession(principal: AdminPrincipal, expiresAt: Date, key: Buffer): string {
  const claims = principal.kind === 'operator' ? { sub: 'operator' } : { sub: 'key', key: principal.keyId, org: principal.organizationId };
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${sign(payload, key)}`;
}

// Null for anything but an intact, unexpired session of ours.
export function openSession(value: string, now: Date, key: Buffer): AdminPrincipal | null {
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: { sub?: unknown; key?: unknown; org?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return null;
  if (claims.sub === 'operator') return OPERATOR;
  if (claims.sub === 'key' && typeof claims.key === 'string' && typeof claims.org === 'string') {
    return { kind: 'organization', keyId: claims.key, organizationId: claims.org };
  }
  return null;
}

const sign = (payload: string, key: Buffer) => createHmac('sha256', key).update(payload).digest('base64url');
