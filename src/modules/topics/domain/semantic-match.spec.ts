import { besideRuleMatches, cosineSimilarity, pickSemanticMatch, topicEmbeddingTexts, topicSimilarity } from './semantic-match';
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
  const similarity = (topicId: string, value: number, closestText?: number) => ({ topicId, similarity: value, closestText });

  it('matches only the closest topic, explaining it with its similarity and its closest text', () => {
    const similarities = [similarity('a', 0.41), similarity('b', 0.8234, 2), similarity('c', 0.79)];
    expect(pickSemanticMatch(similarities, [topic('a'), topic('b'), topic('c')], 0.225)).toEqual([
      { topicId: 'b', name: 'Topic b', noAssist: false, because: 'semantic:0.82 example:2' },
    ]);
    expect(pickSemanticMatch([similarity('a', 0.5, 0)], topics, 0.225)[0].because).toBe('semantic:0.50 description');
  });

  it('strict: a no-assist topic among the three closest, above the floor and within 0.06 of the closest matches too', () => {
    expect(pickSemanticMatch([similarity('a', 0.5), similarity('c', 0.47), similarity('b', 0.45)], topics, 0.225).map((m) => m.topicId)).toEqual(['a', 'b']);
    // Too far behind the closest, or under the floor.
    expect(pickSemanticMatch([similarity('a', 0.5), similarity('b', 0.43)], topics, 0.225).map((m) => m.topicId)).toEqual(['a']);
    // The closest under the threshold, the no-assist one beside it above the floor: silence wins.
    expect(pickSemanticMatch([similarity('a', 0.22), similarity('b', 0.21)], topics, 0.225).map((m) => m.topicId)).toEqual(['b']);
    expect(pickSemanticMatch([similarity('a', 0.22), similarity('b', 0.19)], topics, 0.225)).toEqual([]);
  });

  it('balanced: the no-assist topic must come within 0.03 of the closest', () => {
    const near = [similarity('a', 0.5), similarity('b', 0.45)];
    expect(pickSemanticMatch(near, topics, 0.225, 'balanced').map((m) => m.topicId)).toEqual(['a']);
    expect(pickSemanticMatch(near, topics, 0.225, 'strict').map((m) => m.topicId)).toEqual(['a', 'b']);
  });

  it('matches nothing below the threshold, or with no topic', () => {
    expect(pickSemanticMatch([similarity('a', 0.224)], topics, 0.225)).toEqual([]);
    expect(pickSemanticMatch([similarity('a', 0.225)], topics, 0.225)).toHaveLength(1);
    expect(pickSemanticMatch([], topics, 0.225)).toEqual([]);
  });

  it("averages a topic's three closest texts, half embedding and half word overlap, and names the closest", () => {
    expect(topicSimilarity('a', [0.9, 0.1, 0.5, 0.3], [0.5, 0.1, 0.1, 0.3])).toEqual({ topicId: 'a', similarity: (0.7 + 0.3 + 0.3) / 3, closestText: 0 });
    // One lucky text does not decide: a topic with two close texts beats one with a single closer text.
    const lucky = topicSimilarity('lucky', [0.95, 0.1, 0.1], [0.95, 0.1, 0.1]).similarity;
    const steady = topicSimilarity('steady', [0.6, 0.6, 0.6], [0.6, 0.6, 0.6]).similarity;
    expect(steady).toBeGreaterThan(lucky);
  });

  it('keeps rule matches and adds only the no-assist topics similarity finds beside them', () => {
    const byRule = [{ topicId: 'a', name: 'Topic a', noAssist: false, because: 'name:Topic a' }];
    const bySimilarity = [
      { topicId: 'c', name: 'Topic c', noAssist: false, because: 'semantic:0.50' },
      { topicId: 'b', name: 'Topic b', noAssist: true, because: 'semantic:0.48' },
    ];
    expect(besideRuleMatches(byRule, bySimilarity).map((m) => m.topicId)).toEqual(['a', 'b']);
    expect(besideRuleMatches([], bySimilarity)).toBe(bySimilarity);
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
