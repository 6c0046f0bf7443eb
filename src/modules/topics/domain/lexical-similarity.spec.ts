import { lexicalSimilarities } from './lexical-similarity';

describe('word overlap with topic texts', () => {
  const topics = [
    { topicId: 'fraud', texts: ['Customer reports fraudulent or unrecognized charges.', 'someone used my card'] },
    { topicId: 'balance', texts: ['Customer asks for the balance of an account.'] },
    { topicId: 'blocked', texts: ["Customer's account is blocked or frozen."] },
  ];

  it('meets a word in another form ("fraud" and "fraudulent", "blocking" and "blocked")', () => {
    const fraud = lexicalSimilarities('I believe there is fraud on my card', topics);
    expect(fraud.get('fraud')![0]).toBeGreaterThan(0);
    expect(lexicalSimilarities('why is the bank blocking me', topics).get('blocked')![0]).toBeGreaterThan(0);
  });

  it('weighs the words that tell topics apart over the ones they share', () => {
    // "account" is in two topics, "balance" in one: a ticket with both is closer to the balance topic.
    const similarities = lexicalSimilarities('account balance', topics);
    expect(similarities.get('balance')![0]).toBeGreaterThan(similarities.get('blocked')![0]);
  });

  it('scores each text of a topic, in order, and nothing for a text without shared words', () => {
    const similarities = lexicalSimilarities('someone used my card', topics);
    expect(similarities.get('fraud')).toHaveLength(2);
    expect(similarities.get('fraud')![1]).toBeCloseTo(1);
    expect(similarities.get('balance')).toEqual([0]);
    expect(lexicalSimilarities('', topics).get('fraud')).toEqual([0, 0]);
  });
});
