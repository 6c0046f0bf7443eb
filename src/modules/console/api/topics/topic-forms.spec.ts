import { readTopicForm, readTryForm, topicFormValues } from './topic-forms';

describe('the console topic forms', () => {
  it('reads the topic form: one keyword and example a line, tags by lines, spaces or commas, no-assist ticked', async () => {
    const read = await readTopicForm({
      _csrf: 'token',
      intent: 'save',
      name: ' Refunds ',
      description: 'Money back',
      keywords: 'refund\r\n  money back \n\n',
      examples: 'I want my money back\nRefund please',
      zendeskTags: 'billing, refunds\nvip',
      noAssist: 'on',
    });
    expect(read).toMatchObject({
      intent: 'save',
      draft: { name: 'Refunds', description: 'Money back', keywords: ['refund', 'money back'], examples: ['I want my money back', 'Refund please'], zendeskTags: ['billing', 'refunds', 'vip'], noAssist: true },
    });
  });

  it('reads empty lists and an unticked box as nothing and off; any other intent than test saves', async () => {
    const read = await readTopicForm({ name: 'Legal', description: '', intent: 'delete-everything' });
    expect(read).toMatchObject({ intent: 'save', draft: { keywords: [], examples: [], zendeskTags: [], noAssist: false } });
    expect(await readTopicForm({ name: 'Legal', description: '', intent: 'test' })).toMatchObject({ intent: 'test' });
  });

  it('refuses with the problems by field and the input as typed', async () => {
    const read = await readTopicForm({ name: '', description: 'x', keywords: 'k'.repeat(121), zendeskTags: 'not/ok!' });
    expect('draft' in read).toBe(false);
    if ('draft' in read) return;
    expect(Object.keys(read.problems).sort()).toEqual(['keywords', 'name', 'zendeskTags']);
    expect(read.values).toEqual({ name: '', description: 'x', keywords: 'k'.repeat(121), examples: '', zendeskTags: 'not/ok!', noAssist: false });
  });

  it('shows a topic\'s lists one a line, and reads a trial ticket with its tags', async () => {
    expect(topicFormValues({ id: 'id', organizationId: 'o', name: 'A', description: 'd', keywords: ['a', 'b'], examples: ['e'], zendeskTags: ['t'], noAssist: true, createdAt: new Date(), updatedAt: new Date(), examplesFromReps: 0 })).toEqual(
      { name: 'A', description: 'd', keywords: 'a\nb', examples: 'e', zendeskTags: 't', noAssist: true },
    );
    expect(await readTryForm({ text: ' refund? ', tags: 'billing vip' })).toMatchObject({ ticket: { text: 'refund?', tags: ['billing', 'vip'] } });
    expect(await readTryForm({ text: '' })).toMatchObject({ problems: { text: expect.any(Array) } });
  });
});
