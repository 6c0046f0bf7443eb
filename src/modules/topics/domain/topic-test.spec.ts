import { compareTopicTest, EXAMPLES_PER_GROUP, ReplayedTicket } from './topic-test';
import { TopicMatch } from './topic';

const match = (topicId: string, noAssist: boolean, because = `keyword:${topicId}`): TopicMatch => ({ topicId, name: topicId, noAssist, because });
const ticket = (ticketId: string, before: TopicMatch[], after: TopicMatch[], text = `question ${ticketId}`): ReplayedTicket => ({
  ticketId,
  askedAt: new Date(0),
  text,
  before,
  after,
});

describe('compareTopicTest', () => {
  it('counts what the draft catches and which tickets change between assisted and skipped, with the reason', () => {
    const outcome = compareTopicTest(
      [
        ticket('1', [], [match('draft', true)]),
        ticket('2', [match('billing', false)], [match('billing', false), match('draft', false)]),
        ticket('3', [match('legal', true)], [match('legal', true)]),
        ticket('4', [match('legal', true, 'semantic:0.41')], [match('draft', false)]),
        ticket('5', [], []),
      ],
      'draft',
    );
    expect(outcome.ticketsTested).toBe(5);
    expect(outcome.caught.count).toBe(3);
    expect(outcome.caught.examples.map((e) => e.ticketId)).toEqual(['1', '2', '4']);
    expect(outcome.newlySkipped).toEqual({
      count: 1,
      examples: [
        { ticketId: '1', askedAt: new Date(0), excerpt: 'question 1', because: 'keyword:draft', before: [], after: [{ name: 'draft', noAssist: true, because: 'keyword:draft' }] },
      ],
    });
    expect(outcome.newlyAssisted.count).toBe(1);
    expect(outcome.newlyAssisted.examples[0]).toMatchObject({ ticketId: '4', because: 'semantic:0.41', before: [{ name: 'legal' }], after: [{ name: 'draft' }] });
  });

  it(`keeps the first ${EXAMPLES_PER_GROUP} examples but counts all, with short excerpts`, () => {
    const tickets = Array.from({ length: 45 }, (_, i) => ticket(String(i), [], [match('draft', false)], 'x'.repeat(1000)));
    const { caught } = compareTopicTest(tickets, 'draft');
    expect(caught.count).toBe(45);
    expect(caught.examples.map((e) => e.ticketId)).toEqual(Array.from({ length: EXAMPLES_PER_GROUP }, (_, i) => String(i)));
    expect(caught.examples[0].excerpt.length).toBeLessThanOrEqual(200);
  });
});
