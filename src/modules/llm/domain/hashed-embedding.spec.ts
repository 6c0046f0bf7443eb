import { hashedEmbedding } from './hashed-embedding';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);

describe('hashedEmbedding', () => {
  it('is deterministic and unit length', () => {
    const vector = hashedEmbedding('How do I reset my password?');
    expect(vector).toHaveLength(512);
    expect(hashedEmbedding('How do I reset my password?')).toEqual(vector);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
  });

  it('puts related texts closer than unrelated ones', () => {
    const question = hashedEmbedding('I forgot my password, how can I reset it?');
    const related = hashedEmbedding('Reset your password: click Forgot password on the sign-in page.');
    const unrelated = hashedEmbedding('Orders ship within two business days with a tracking number.');
    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated) + 0.2);
  });

  it('tolerates typos through character n-grams', () => {
    const correct = hashedEmbedding('subscription');
    expect(cosine(correct, hashedEmbedding('subscripton'))).toBeGreaterThan(0.3);
  });

  it('gives empty text a valid direction', () => {
    expect(Math.hypot(...hashedEmbedding(''))).toBe(1);
  });
});
