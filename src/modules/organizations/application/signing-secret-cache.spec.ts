import { SigningSecretCache } from './signing-secret-cache';

describe('SigningSecretCache', () => {
  let now = 0;
  const sut = () => new SigningSecretCache(5000, 2, () => now);
  beforeEach(() => (now = 1_000_000));

  it('answers a secret until its time is up', () => {
    const cache = sut();
    cache.set('a', 'secret-a');
    now += 4999;
    expect(cache.get('a')).toBe('secret-a');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most its size, dropping the oldest entry', () => {
    const cache = sut();
    cache.set('a', 'secret-a');
    cache.set('b', 'secret-b');
    cache.set('a', 'secret-a2');
    cache.set('c', 'secret-c');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['secret-a2', undefined, 'secret-c']);
  });

  it('forgets a deleted entry at once', () => {
    const cache = sut();
    cache.set('a', 'secret-a');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
