import request from 'supertest';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

const counts = (partial: Record<string, number>) => ({ as_is: 0, lightly_edited: 0, heavily_edited: 0, ignored: 0, pending: 0, ...partial });
const utcDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

// Tickets through the real webhook pipeline, reps' replies judged, then the dashboard's numbers over the admin API.
describe('Insights: the dashboard numbers over the admin API (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;
  let auth: Record<string, string>;
  const tickets: Record<string, number> = {};

  const fire = (ticketId: number) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
  const ask = async (name: string, body: string, expected: { outcome: string; reason?: string }) => {
    const ticket = zendesk.createTicket({ subject: 'Question', body });
    tickets[name] = ticket.id;
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect({ name, ...decision }).toMatchObject({ name, ...expected });
  };
  const draftOf = async (ticketId: number): Promise<string> => {
    const response = await request(test.baseUrl)
      .post('/graphql')
      .set(auth)
      .send({ query: 'query ($o: ID!, $t: String!) { suggestions(organizationId: $o, ticketId: $t) { reply } }', variables: { o: organizationId, t: String(ticketId) } })
      .expect(200);
    return response.body.data.suggestions[0].reply;
  };
  // The rep's public reply, written from the draft, and the webhook it fires (which judges the suggestion).
  const reply = async (name: string, write: (draftBody: string) => string) => {
    const draftBody = (await draftOf(tickets[name])).split('\n\n').slice(1, -1).join('\n\n');
    zendesk.addComment(tickets[name], { authorId: zendesk.agentId, body: write(draftBody) });
    await fire(tickets[name]);
    await waitForDecisions(test, organizationId, tickets[name], 2);
  };
  const insights = (query: Record<string, string> = {}, headers = auth) =>
    request(test.baseUrl).get(`/admin/organizations/${organizationId}/insights`).query(query).set(headers);

  beforeAll(async () => {
    fixture = await startAssistFixture({ settings: { respondOnlyWithPotentialAnswers: true } });
    ({ zendesk, test, organizationId, webhookUrl, auth } = fixture);
    for (const topic of [
      { name: 'Login', description: 'Signing in and passwords', keywords: ['password'], noAssist: false },
      { name: 'Shipping', description: 'Deliveries and tracking', keywords: ['parcel'], noAssist: false },
      { name: 'Billing', description: 'Plans and payments', keywords: ['subscription'], noAssist: false },
    ]) {
      await request(test.baseUrl).post(`/admin/organizations/${organizationId}/topics`).set(auth).send(topic).expect(201);
    }

    await ask('password', 'I forgot my password. How do I reset it?', { outcome: 'suggested' });
    await ask('parcel', 'When does my parcel ship, and how do I get the tracking number?', { outcome: 'suggested' });
    await ask('cancel', 'How do I cancel my subscription?', { outcome: 'suggested' });
    await ask('lawsuit', 'My lawyer is preparing a lawsuit about this.', { outcome: 'skipped', reason: 'no_assist_topic' });
    // Questions the knowledge base cannot answer: two about one missing article, one about another.
    await ask('transfer1', 'Can I pay my invoice by bank transfer instead of a credit card?', { outcome: 'skipped', reason: 'not_helpful_answer' });
    await ask('football', 'Do you sponsor amateur football clubs in Norway?', { outcome: 'skipped', reason: 'not_helpful_answer' });
    await ask('transfer2', 'Is it possible to pay the invoice with a bank transfer?', { outcome: 'skipped', reason: 'not_helpful_answer' });

    await reply('password', () => 'I have passed this on to our security team, who will call you tomorrow morning.');
    await reply('parcel', (draft) => draft);
    await reply('cancel', (draft) => `${draft.split('. ')[0]}. Before you go: we can pause your plan for three months instead, at no cost, and keep all your projects and settings exactly as they are today. Reply to this email and I will set it up.`);
  });

  afterAll(() => fixture?.close());

  it('counts decisions per day by outcome, zero-filled over the last 30 days by default', async () => {
    const { body } = await insights().expect(200);
    expect(body.period).toEqual({ from: utcDay(-29), to: utcDay(1) });
    expect(body.suggestionsPerDay).toHaveLength(30);
    expect(body.suggestionsPerDay[0]).toEqual({ day: utcDay(-29), suggested: 0, skipped: 0, failed: 0 });
    // Three suggestions; three reps' replies (awaiting the customer), a no-assist topic and three unanswerable questions.
    expect(body.suggestionsPerDay.at(-1)).toEqual({ day: utcDay(), suggested: 3, skipped: 7, failed: 0 });
  });

  it('counts skip reasons, most frequent first', async () => {
    const { body } = await insights().expect(200);
    expect(body.skipReasons).toEqual([
      { reason: 'awaiting_customer', count: 3 },
      { reason: 'not_helpful_answer', count: 3 },
      { reason: 'no_assist_topic', count: 1 },
    ]);
  });

  it('counts acceptance per day posted, overall and per topic', async () => {
    const { body } = await insights().expect(200);
    expect(body.acceptanceOverTime.bucket).toBe('day');
    expect(body.acceptanceOverTime.points).toHaveLength(30);
    expect(body.acceptanceOverTime.points.at(-1)).toEqual({ start: utcDay(), counts: counts({ as_is: 1, heavily_edited: 1, ignored: 1, total: 3 }) });
    expect(body.acceptanceOverall).toEqual(counts({ as_is: 1, heavily_edited: 1, ignored: 1, total: 3 }));
    expect(body.acceptanceByTopic).toEqual([
      { topic: 'Billing', counts: counts({ heavily_edited: 1, total: 1 }) },
      { topic: 'Login', counts: counts({ ignored: 1, total: 1 }) },
      { topic: 'Shipping', counts: counts({ as_is: 1, total: 1 }) },
    ]);
  });

  it('lists the articles behind heavily edited or ignored suggestions, not the ones pasted as is', async () => {
    const { body } = await insights().expect(200);
    expect(body.articlesToFix).toEqual([
      {
        articleId: expect.any(String),
        title: 'Cancel your subscription',
        url: 'https://help.acme.test/hc/en-us/articles/103',
        counts: counts({ heavily_edited: 1, total: 1 }),
        toFixShare: 1,
      },
      {
        articleId: expect.any(String),
        title: 'How to reset your password',
        url: 'https://help.acme.test/hc/en-us/articles/101',
        counts: counts({ ignored: 1, total: 1 }),
        toFixShare: 1,
      },
    ]);
  });

  it('groups the unanswerable questions into knowledge gaps, biggest first, with example tickets', async () => {
    const { body } = await insights().expect(200);
    expect(body.knowledgeGaps).toEqual([
      {
        label: expect.stringMatching(/bank.*transfer|transfer.*bank/),
        size: 2,
        examples: [
          { ticketId: String(tickets.transfer2), question: expect.stringContaining('pay the invoice with a bank transfer'), at: expect.any(String) },
          { ticketId: String(tickets.transfer1), question: expect.stringContaining('pay my invoice by bank transfer'), at: expect.any(String) },
        ],
      },
      {
        label: expect.stringMatching(/football/),
        size: 1,
        examples: [{ ticketId: String(tickets.football), question: expect.stringContaining('sponsor amateur football clubs'), at: expect.any(String) }],
      },
    ]);
  });

  it('keeps to the period asked: nothing after today', async () => {
    const { body } = await insights({ from: utcDay(1), to: utcDay(3) }).expect(200);
    expect(body.suggestionsPerDay).toEqual([
      { day: utcDay(1), suggested: 0, skipped: 0, failed: 0 },
      { day: utcDay(2), suggested: 0, skipped: 0, failed: 0 },
    ]);
    expect(body).toMatchObject({ skipReasons: [], acceptanceByTopic: [], articlesToFix: [], knowledgeGaps: [] });
    expect(body.training).toEqual({ ratedGood: 0, ratedNeedsWork: 0, answersCorrected: 0, articlesFixed: 0, topicsFixed: 0 });
  });

  it('counts acceptance per ISO week over a period longer than 60 days', async () => {
    const { body } = await insights({ from: utcDay(-89), to: utcDay(1) }).expect(200);
    expect(body.acceptanceOverTime.bucket).toBe('week');
    expect(body.acceptanceOverTime.points.at(-1).counts.total).toBe(3);
    expect(body.suggestionsPerDay).toHaveLength(90);
  });

  it('answers the same over GraphQL', async () => {
    const response = await request(test.baseUrl)
      .post('/graphql')
      .set(auth)
      .send({ query: 'query ($o: ID!) { insights(organizationId: $o) }', variables: { o: organizationId } })
      .expect(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.insights).toEqual((await insights().expect(200)).body);
  });

  it('400 with field errors for a malformed day, a reversed period or one over 366 days', async () => {
    for (const [query, field] of [
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '2026-11-27T10:00:00Z' }, 'to'],
      [{ from: '2026-03-01', to: '2026-03-01' }, 'to'],
      [{ from: '2025-01-01', to: '2026-01-03' }, 'to'],
    ] as const) {
      const response = await insights(query).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    await insights({ from: '2025-01-01', to: '2026-01-02' }).expect(200);
  });

  it("401 without a key, 403 with another organization's key, 200 with the organization's own", async () => {
    const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const keyOf = async (id: string) =>
      (await request(test.baseUrl).post(`/admin/organizations/${id}/api-keys`).set(operator).send({ name: 'dashboard' }).expect(201)).body.token as string;
    const { body: other } = await request(test.baseUrl)
      .post('/admin/organizations')
      .set(operator)
      .send({ name: 'Beta', zendesk: { subdomain: 'beta', email: 'agent@beta.test', apiToken: 'zendesk-token' }, webhookSigningSecret: SIGNING_SECRET })
      .expect(201);

    expect((await insights({}, {}).expect(401)).headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await insights({}, { Authorization: `Bearer ${await keyOf(other.id)}` }).expect(403)).body.type).toBe('urn:opencx:error:admin_forbidden');
    expect((await insights({}, { Authorization: `Bearer ${await keyOf(organizationId)}` }).expect(200)).body.knowledgeGaps).toHaveLength(2);
  });
});
