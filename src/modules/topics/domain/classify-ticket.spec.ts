import { classifyTicket, classifyWithVectors, TopicWithVectors } from './classify-ticket';
import { Topic } from './topic';

const topic = (id: string, fields: Partial<Topic> = {}, vectors: number[][] = []): TopicWithVectors => ({
  id,
  organizationId: 'org',
  name: `Topic ${id}`,
  description: '',
  keywords: [`keyword-${id}`],
  examples: [],
  zendeskTags: [],
  noAssist: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...fields,
  vectors,
});

describe('classifyTicket', () => {
  const topics = [topic('refunds', { keywords: ['refund'] }), topic('legal', { noAssist: true, zendeskTags: ['legal'] })];

  it('answers the rules and never measures similarities when they match', () => {
    const similarities = jest.fn(() => [{ topicId: 'legal', similarity: 0.9 }]);
    expect(classifyTicket({ text: 'a refund please', tags: [] }, topics, { threshold: 0.3, similarities })).toEqual([
      { topicId: 'refunds', name: 'Topic refunds', noAssist: false, because: 'keyword:refund' },
    ]);
    expect(similarities).not.toHaveBeenCalled();
  });

  it('falls back to the closest topic above the threshold, and to nothing without a semantic stage', () => {
    const semantic = { threshold: 0.3, similarities: () => [{ topicId: 'refunds', similarity: 0.2 }, { topicId: 'legal', similarity: 0.5 }] };
    expect(classifyTicket({ text: 'hello', tags: [] }, topics, semantic)).toEqual([{ topicId: 'legal', name: 'Topic legal', noAssist: true, because: 'semantic:0.50' }]);
    expect(classifyTicket({ text: 'hello', tags: [] }, topics, null)).toEqual([]);
  });
});

describe('classifyWithVectors', () => {
  const refunds = topic('refunds', { keywords: ['refund'] }, [[1, 0, 0]]);
  const shipping = topic('shipping', { keywords: ['parcel'] }, [[0, 1, 0], [0, 0.8, 0.6]]);
  const legal = topic('legal', { noAssist: true, zendeskTags: ['legal_case'] }, [[0, 0, 1]]);
  const ticket = (text: string, vector: number[], tags: string[] = []) => ({ text, tags, vector });

  it.each([
    ['a Zendesk tag', ticket('hello', [1, 0, 0], ['LEGAL_CASE']), [['Topic legal', 'tag:legal_case']]],
    ['a keyword, before any vector', ticket('my refund', [0, 0, 1]), [['Topic refunds', 'keyword:refund']]],
    ['the best of a topic’s vectors', ticket('where is it', [0, 0.8, 0.6]), [['Topic shipping', 'semantic:1.00']]],
    ['nothing below the threshold', ticket('what', [-1, -1, -1]), []],
  ])('matches by %s', (_, input, expected) => {
    expect(classifyWithVectors(input, [legal, refunds, shipping], 0.325).map((m) => [m.name, m.because])).toEqual(expected);
  });

  it('matches a no-assist topic within the margin of the closest, as classify does', () => {
    const orders = topic('orders', {}, [[0, 1, 0]]);
    const near = ticket('hmm', [0, 0.71, 0.7]);
    expect(classifyWithVectors(near, [legal, orders, refunds], 0.325).map((m) => m.because)).toEqual(['semantic:0.71', 'semantic:0.70']);
    expect(classifyWithVectors(ticket('hmm', [0, 0.8, 0.6]), [legal, orders], 0.325).map((m) => m.name)).toEqual(['Topic orders']);
  });

  it('has no semantic stage without a threshold, and ignores topics without vectors', () => {
    expect(classifyWithVectors(ticket('where is it', [0, 1, 0]), [shipping], undefined)).toEqual([]);
    expect(classifyWithVectors(ticket('where is it', [0, 1, 0]), [topic('bare'), shipping], 0.325).map((m) => m.name)).toEqual(['Topic shipping']);
  });

  it('measures a topic once per ticket, and a changed topic again', () => {
    const input = ticket('where is it', [0, 1, 0]);
    expect(classifyWithVectors(input, [shipping], 0.325)[0].because).toBe('semantic:1.00');
    const edited = { ...shipping, vectors: [[0, 0.6, 0.8]] };
    expect(classifyWithVectors(input, [edited], 0.325)[0].because).toBe('semantic:0.60');
    expect(classifyWithVectors(input, [shipping], 0.325)[0].because).toBe('semantic:1.00');
  });
});
