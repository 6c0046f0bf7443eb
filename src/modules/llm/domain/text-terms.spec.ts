import { contentTerms, stem, words } from './text-terms';

describe('text terms', () => {
  it('folds case and accents and drops punctuation', () => {
    expect(words('Café, RÉSUMÉ — l’été!')).toEqual(['cafe', 'resume', 'lete']);
  });

  it.each([
    ['resetting', 'reset'],
    ['subscriptions', 'subscription'],
    ['policies', 'policy'],
    ['shipped', 'ship'],
    ['tax', 'tax'],
  ])('stems %s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('keeps only content words', () => {
    expect(contentTerms('How do I reset my passwords?')).toEqual(['reset', 'password']);
  });
});
