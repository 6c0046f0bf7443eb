import { matchTopicsByKeyword } from './keyword-matcher';
import { Topic } from './topic';

const topic = (name: string, keywords: string[], noAssist = false): Topic => ({
  id: name,
  organizationId: 'org',
  name,
  description: '',
  keywords,
  noAssist,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('matchTopicsByKeyword', () => {
  const topics = [topic('Refunds', ['refund', 'money back']), topic('Legal', ['lawsuit', 'café légal'], true), topic('Billing', [])];

  it.each([
    ['I want a REFUND!', ['Refunds']],
    ['Can I get my money  back?', ['Refunds']],
    ['refunding is not a word we match', []],
    ['Cafe legal question and a lawsuit', ['Legal']],
    ['Question about billing and refund', ['Refunds', 'Billing']],
    ['nothing relevant', []],
  ])('%s → %j', (text, expected) => {
    expect(matchTopicsByKeyword(text, topics).map((m) => m.name)).toEqual(expected);
  });

  it('explains every match', () => {
    expect(matchTopicsByKeyword('a lawsuit', topics)).toEqual([
      { topicId: 'Legal', name: 'Legal', noAssist: true, because: 'keyword:lawsuit' },
    ]);
    expect(matchTopicsByKeyword('billing', topics)[0].because).toBe('name:Billing');
  });
});
