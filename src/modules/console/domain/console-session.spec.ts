import { OPERATOR } from '../../organizations/domain/admin-principal';
import { openSession, sealSession } from './console-session';

describe('console sessions', () => {
  const key = Buffer.from('a-session-key-of-32-bytes-000000');
  const now = new Date('2026-01-01T12:00:00Z');
  const later = new Date('2026-01-01T20:00:00Z');
  const keyPrincipal = { kind: 'organization' as const, organizationId: '7d3c1a52-0000-4000-8000-000000000001', keyId: '7d3c1a52-0000-4000-8000-000000000002' };

  it('opens what it sealed, for the operator and for a key, until it expires', () => {
    expect(openSession(sealSession(OPERATOR, later, key), now, key)).toEqual(OPERATOR);
    expect(openSession(sealSession(keyPrincipal, later, key), now, key)).toEqual(keyPrincipal);
    expect(openSession(sealSession(OPERATOR, later, key), later, key)).toBeNull();
  });

  it('refuses a session signed with another key, edited, or not a session at all', () => {
    const sealed = sealSession(keyPrincipal, later, key);
    expect(openSession(sealed, now, Buffer.from('another-key'))).toBeNull();
    const [, signature] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'operator', exp: later.getTime() / 1000 })).toString('base64url');
    expect(openSession(`${forged}.${signature}`, now, key)).toBeNull();
    for (const junk of ['', '.', 'a.b', `${sealed}.x`, 'operator']) expect(openSession(junk, now, key)).toBeNull();
  });

  it('never carries the token that signed in', () => {
    const sealed = sealSession(keyPrincipal, later, key);
    expect(Buffer.from(sealed.split('.')[0], 'base64url').toString()).not.toMatch(/ocx_org_/);
  });
});
