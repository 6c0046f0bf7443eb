import { matchTopicsByRules } from './topic-rules';
import { Topic } from './topic';

const topic = (name: string, keywords: string[], noAssist = false, zendeskTags: string[] = []): Topic => ({
  id: name,
  organizationId: 'org',
  name,
  description: '',
  keywords,
  examples: [],
  zendeskTags,
  noAssist,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('matchTopicsByRules', () => {
  const topics = [
    topic('Refunds', ['refund', 'money back'], false, ['refund_request']),
    topic('Legal', ['lawsuit', 'café légal'], true, ['Legal_Escalation']),
    topic('Billing', []),
  ];
  const text = (value: string) => ({ text: value, tags: [] });

  it.each([
    ['I want a REFUND!', ['Refunds']],
    ['Can I get my money  back?', ['Refunds']],
    ['refunding is not a word we match', []],
    ['Cafe legal question and a lawsuit', ['Legal']],
    ['Question about billing and refund', ['Refunds', 'Billing']],
    ['nothing relevant', []],
  ])('%s → %j', (value, expected) => {
    expect(matchTopicsByRules(text(value), topics).map((m) => m.name)).toEqual(expected);
  });

  it('explains every match', () => {
    expect(matchTopicsByRules(text('a lawsuit'), topics)).toEqual([
      { topicId: 'Legal', name: 'Legal', noAssist: true, because: 'keyword:lawsuit' },
    ]);
    expect(matchTopicsByRules(text('billing'), topics)[0].because).toBe('name:Billing');
  });

  it('keeps the more specific of two names found in the ticket ("rewards balance" over "balance")', () => {
    const named = [topic('balance', []), topic('rewards_balance', []), topic('Refunds', ['balance'])];
    expect(matchTopicsByRules(text('what is my rewards balance'), named).map((m) => m.because)).toEqual(['name:rewards_balance', 'keyword:balance']);
    expect(matchTopicsByRules(text('what is my balance'), named).map((m) => m.name)).toEqual(['balance', 'Refunds']);
  });

  it('matches a Zendesk tag whatever its case, before keywords, and only a whole tag', () => {
    const tagged = matchTopicsByRules({ text: 'a refund and a lawsuit', tags: ['vip', 'legal_escalation'] }, topics);
    expect(tagged.map((m) => [m.name, m.because])).toEqual([
      ['Refunds', 'keyword:refund'],
      ['Legal', 'tag:Legal_Escalation'],
    ]);
    expect(matchTopicsByRules({ text: 'hello', tags: ['refund_request_old', 'legal'] }, topics)).toEqual([]);
  });
});
