import { callsWebhook, connectionVerdict, setupSummary, triggerDefinition, webhookDefinition, zendeskProblem } from './zendesk-setup';

describe('connectionVerdict', () => {
  const user = (role: string, id: string | null = '7') => ({ id, name: 'Ann', email: 'ann@acme.test', role });

  it.each([
    ['admin', 'admin', /create the webhook and the trigger for you/],
    ['agent', 'agent', /internal notes and add tags.*by hand/],
    ['end-user', 'unusable', /neither read tickets nor post notes/],
  ])('a %s → %s', (role, access, summary) => {
    const verdict = connectionVerdict(user(role));
    expect(verdict.access).toBe(access);
    expect(verdict.summary).toMatch(summary);
  });

  it('an anonymous user (id null, as Zendesk answers some bad credentials with a 200) is not usable, whatever its role', () => {
    expect(connectionVerdict(user('admin', null))).toMatchObject({ access: 'unusable', summary: expect.stringMatching(/anonymous/) });
  });
});

describe('the webhook and trigger definitions', () => {
  it('a trigger-connected POST JSON webhook to our URL, no authentication (the signature is checked)', () => {
    expect(webhookDefinition('https://assist.test/webhooks/zendesk/o1')).toEqual({
      name: 'Assist',
      endpoint: 'https://assist.test/webhooks/zendesk/o1',
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: ['conditional_ticket_events'],
    });
    expect(webhookDefinition('x')).not.toHaveProperty('authentication');
  });

  it('a trigger on ticket created or updated that notifies the webhook with the ticket id', () => {
    const trigger = triggerDefinition('01HWEBHOOK');
    expect(trigger.conditions).toEqual({ all: [], any: [{ field: 'update_type', operator: 'is', value: 'Create' }, { field: 'update_type', operator: 'is', value: 'Change' }] });
    expect(trigger.actions).toEqual([{ field: 'notification_webhook', value: ['01HWEBHOOK', '{ "ticket_id": "{{ticket.id}}" }'] }]);
    expect(JSON.parse(trigger.actions[0].value[1].replace('{{ticket.id}}', '42'))).toEqual({ ticket_id: '42' });
  });

  it('recognises a trigger calling the webhook among its actions, by id', () => {
    expect(callsWebhook(triggerDefinition('w1').actions, 'w1')).toBe(true);
    expect(callsWebhook(triggerDefinition('w1').actions, 'w2')).toBe(false);
    expect(callsWebhook([{ field: 'notification_user', value: ['w1'] }, { field: 'notification_webhook', value: 'w1' }], 'w1')).toBe(false);
  });
});

describe('setupSummary', () => {
  it('says what was created and what was reused', () => {
    expect(setupSummary({ webhook: 'reused', trigger: 'reused' })).toMatch(/nothing new was created/);
    expect(setupSummary({ webhook: 'created', trigger: 'created' })).toMatch(/^Created the webhook and the trigger/);
    expect(setupSummary({ webhook: 'reused', trigger: 'created' })).toBe('Created the trigger in Zendesk; the webhook was already there and is reused.');
  });
});

describe('zendeskProblem', () => {
  it.each([
    [401, 'test', /refused these credentials/],
    [403, 'create', /not an admin.*by hand/],
    [403, 'test', /agent’s or an admin’s/],
    [404, 'test', /check the subdomain/],
    [undefined, 'create', /could not be reached/],
    [503, 'test', /could not be reached/],
    [422, 'create', /refused the request: boom/],
  ] as const)('%s while %s', (status, doing, message) => {
    expect(zendeskProblem({ status, detail: 'boom' }, doing)).toMatch(message);
  });
});
