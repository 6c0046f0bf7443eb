import { cosineSimilarity, pickSemanticMatch, topicEmbeddingTexts } from './semantic-match';
import { Topic } from './topic';

const topic = (id: string, noAssist = false): Topic => ({
  id,
  organizationId: 'org',
  name: `Topic ${id}`,
  description: '',
  keywords: [],
  examples: [],
  zendeskTags: [],
  noAssist,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('semantic topic matching', () => {
  const topics = [topic('a'), topic('b', true), topic('c')];

  it('matches only the closest topic, explaining it with its similarity', () => {
    const similarities = [
      { topicId: 'a', similarity: 0.41 },
      { topicId: 'b', similarity: 0.8234 },
      { topicId: 'c', similarity: 0.79 },
    ];
    expect(pickSemanticMatch(similarities, topics, 0.325)).toEqual([{ topicId: 'b', name: 'Topic b', noAssist: true, because: 'semantic:0.82' }]);
  });

  it('matches a no-assist topic beside the closest one when it comes within the margin, and only then', () => {
    const near = [
      { topicId: 'a', similarity: 0.5 },
      { topicId: 'b', similarity: 0.48 },
      { topicId: 'c', similarity: 0.49 },
    ];
    expect(pickSemanticMatch(near, topics, 0.325)).toEqual([
      { topicId: 'a', name: 'Topic a', noAssist: false, because: 'semantic:0.50' },
      { topicId: 'b', name: 'Topic b', noAssist: true, because: 'semantic:0.48' },
    ]);
    expect(pickSemanticMatch([{ topicId: 'a', similarity: 0.5 }, { topicId: 'b', similarity: 0.46 }], topics, 0.325)).toHaveLength(1);
    // Within the margin but under the threshold: the closest alone.
    expect(pickSemanticMatch([{ topicId: 'a', similarity: 0.34 }, { topicId: 'b', similarity: 0.32 }], topics, 0.325)).toEqual([
      expect.objectContaining({ topicId: 'a' }),
    ]);
  });

  it('matches nothing below the threshold, or with no topic', () => {
    expect(pickSemanticMatch([{ topicId: 'a', similarity: 0.324 }], topics, 0.325)).toEqual([]);
    expect(pickSemanticMatch([{ topicId: 'a', similarity: 0.325 }], topics, 0.325)).toHaveLength(1);
    expect(pickSemanticMatch([], topics, 0.325)).toEqual([]);
  });

  it('embeds the description, or the name without one, and every example', () => {
    expect(topicEmbeddingTexts({ name: 'Refunds', description: 'Money back', examples: ['refund me', 'return'] })).toEqual(['Money back', 'refund me', 'return']);
    expect(topicEmbeddingTexts({ name: 'Refunds', description: '  ', examples: [] })).toEqual(['Refunds']);
  });

  it('measures the cosine whatever the vectors’ lengths', () => {
    expect(cosineSimilarity([3, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});
