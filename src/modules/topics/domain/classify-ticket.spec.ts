import { classifyTicket, classifyWithVectors, needsSimilarity, TopicWithVectors } from './classify-ticket';
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
  const refunds = topic('refunds', { keywords: ['refund'] });
  const legal = topic('legal', { noAssist: true, zendeskTags: ['legal'] });
  const semantic = (similarities: { topicId: string; similarity: number }[]) => ({ threshold: 0.225, policy: 'strict' as const, similarities: jest.fn(() => similarities) });

  it('answers the rules and never measures similarities when no no-assist topic is left to find', () => {
    const stage = semantic([{ topicId: 'legal', similarity: 0.9 }]);
    expect(classifyTicket({ text: 'a refund please', tags: ['legal'] }, [refunds, legal], stage)).toEqual([
      { topicId: 'refunds', name: 'Topic refunds', noAssist: false, because: 'keyword:refund' },
      { topicId: 'legal', name: 'Topic legal', noAssist: true, because: 'tag:legal' },
    ]);
    expect(stage.similarities).not.toHaveBeenCalled();
    expect(classifyTicket({ text: 'a refund please', tags: [] }, [refunds], semantic([]))).toHaveLength(1);
  });

  it('adds a no-assist topic found by similarity beside a rule match, and nothing else', () => {
    const stage = semantic([{ topicId: 'legal', similarity: 0.5 }, { topicId: 'refunds', similarity: 0.52 }]);
    expect(classifyTicket({ text: 'a refund please', tags: [] }, [refunds, legal], stage).map((m) => m.because)).toEqual(['keyword:refund', 'semantic:0.50']);
  });

  it('falls back to the closest topic above the threshold, and to nothing without a semantic stage', () => {
    const stage = semantic([{ topicId: 'refunds', similarity: 0.5 }, { topicId: 'legal', similarity: 0.2 }]);
    expect(classifyTicket({ text: 'hello', tags: [] }, [refunds, legal], stage)).toEqual([{ topicId: 'refunds', name: 'Topic refunds', noAssist: false, because: 'semantic:0.50' }]);
    expect(classifyTicket({ text: 'hello', tags: [] }, [refunds, legal], null)).toEqual([]);
  });

  it('needs similarity when rules matched nothing or a no-assist topic is unmatched', () => {
    expect(needsSimilarity([], [refunds])).toBe(true);
    const byRefund = [{ topicId: 'refunds', name: 'Topic refunds', noAssist: false, because: 'keyword:refund' }];
    expect(needsSimilarity(byRefund, [refunds])).toBe(false);
    expect(needsSimilarity(byRefund, [refunds, legal])).toBe(true);
  });
});

describe('classifyWithVectors', () => {
  const refunds = topic('refunds', { keywords: ['refund'], description: 'money back' }, [[1, 0, 0]]);
  const shipping = topic('shipping', { keywords: ['parcel'], description: 'delivery', examples: ['tracking number'] }, [[0, 1, 0], [0, 0.8, 0.6]]);
  const legal = topic('legal', { noAssist: true, zendeskTags: ['legal_case'], description: 'lawyers' }, [[0, 0, 1]]);
  const ticket = (text: string, vector: number[], tags: string[] = []) => ({ text, tags, vector });

  it.each([
    ['a Zendesk tag', ticket('hello', [1, 0, 0], ['LEGAL_CASE']), [['Topic legal', 'tag:legal_case']]],
    ['a keyword, before any vector', ticket('my refund', [1, 0, 0]), [['Topic refunds', 'keyword:refund']]],
    ['the mean of a topic’s closest texts, half embedding and half words', ticket('where is it', [0, 0.8, 0.6]), [['Topic shipping', 'semantic:0.45 example:1']]],
    ['nothing below the threshold', ticket('what', [-1, -1, -1]), []],
  ])('matches by %s', (_, input, expected) => {
    expect(classifyWithVectors(input, [legal, refunds, shipping], 0.225).map((m) => [m.name, m.because])).toEqual(expected);
  });

  it('has no semantic stage without a threshold, and ignores topics without vectors', () => {
    expect(classifyWithVectors(ticket('where is it', [0, 1, 0]), [shipping], undefined)).toEqual([]);
    expect(classifyWithVectors(ticket('where is it', [0, 1, 0]), [topic('bare'), shipping], 0.225).map((m) => m.name)).toEqual(['Topic shipping']);
  });

  it('measures a topic once per ticket, and a changed topic again', () => {
    const input = ticket('where is it', [0, 1, 0]);
    const before = classifyWithVectors(input, [shipping], 0.225)[0].because;
    const edited = { ...shipping, vectors: [[0, 0.6, 0.8]] };
    expect(classifyWithVectors(input, [edited], 0.225)[0].because).not.toBe(before);
    expect(classifyWithVectors(input, [shipping], 0.225)[0].because).toBe(before);
  });
});
