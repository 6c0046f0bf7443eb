import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const sut = new SecretBox('a-secret-key-of-at-least-32-characters!');

  it('round-trips and never stores the plaintext', () => {
    const sealed = sut.seal('zendesk-api-token');
    expect(sealed).not.toContain('zendesk-api-token');
    expect(sut.open(sealed)).toBe('zendesk-api-token');
  });

  it('uses a fresh nonce each time', () => {
    expect(sut.seal('same')).not.toBe(sut.seal('same'));
  });

  it('refuses tampered data and other keys', () => {
    const sealed = sut.seal('token');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => sut.open(tampered)).toThrow();
    expect(() => new SecretBox('another-key-of-at-least-32-characters!!').open(sealed)).toThrow();
  });
});
