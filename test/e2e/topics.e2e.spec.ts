import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { NO_ASSIST_TOPIC_TAG } from '../../src/modules/assist/domain/assist-policy';
import { SIGNING_SECRET, setUpOrganization, SimulatedApp, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

const fraudTopic = {
  name: 'Fraud',
  description: 'Customer reports fraudulent activity or a charge they did not make.',
  examples: ['there is a charge on my card I never made', 'someone stole my card and bought things'],
  zendeskTags: ['fraud_report'],
  noAssist: true,
};

describe('Topics and the no-assist list over HTTP (offline embedder, Zendesk simulator)', () => {
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let test: TestApp;

  beforeAll(async () => {
    fixture = await startAssistFixture({ organization: false });
    ({ zendesk, test } = fixture);
  });
  afterAll(() => fixture?.close());

  it('stores examples and Zendesk tags, and explains a trial classification', async () => {
    const { organizationId, auth } = await setUpOrganization(test, zendesk);
    const topics = `/admin/organizations/${organizationId}/topics`;
    const { body: created } = await request(test.baseUrl).post(topics).set(auth).send(fraudTopic).expect(201);
    expect(created).toMatchObject({ ...fraudTopic, keywords: [] });
    await request(test.baseUrl).post(topics).set(auth).send({ ...fraudTopic, name: 'Other', examples: [''] }).expect(400);
    const badTag = await request(test.baseUrl).post(topics).set(auth).send({ ...fraudTopic, name: 'Other', zendeskTags: ['not a tag'] }).expect(400);
    expect(badTag.body.errors).toEqual([expect.objectContaining({ field: 'zendeskTags' })]);

    const { body: listed } = await request(test.baseUrl).get(topics).set(auth).expect(200);
    expect(listed.map((t: { name: string }) => t.name)).toEqual(['Fraud', 'Legal']);
    const classify = (body: object) => request(test.baseUrl).post(`${topics}/classify`).set(auth).send(body).expect(200);
    expect((await classify({ text: 'Hi', tags: ['fraud_report'] })).body).toEqual([{ topicId: created.id, name: 'Fraud', noAssist: true, because: 'tag:fraud_report' }]);
    expect((await classify({ text: 'My lawyer will call you' })).body).toMatchObject([{ name: 'Legal', because: 'keyword:lawyer' }]);
    expect((await classify({ text: 'I never made this charge on my card' })).body).toMatchObject([{ name: 'Fraud', because: expect.stringMatching(/^semantic:/) }]);
  });

  it("reads one topic by id over REST and GraphQL: 404 unknown, 400 malformed, 403 with another organization's key", async () => {
    const { organizationId, auth } = await setUpOrganization(test, zendesk);
    const { organizationId: otherOrganizationId } = await setUpOrganization(test, zendesk);
    const { body: minted } = await request(test.baseUrl).post(`/admin/organizations/${otherOrganizationId}/api-keys`).set(auth).send({ name: 'other' }).expect(201);
    const otherKey = { Authorization: `Bearer ${minted.token}` };
    const topics = `/admin/organizations/${organizationId}/topics`;
    const { body: created } = await request(test.baseUrl).post(topics).set(auth).send(fraudTopic).expect(201);
    const topicQuery = `query ($org: ID!, $id: ID!) { topic(organizationId: $org, id: $id) { id name examples zendeskTags noAssist matchCount } }`;
    const graphql = async (variables: Record<string, unknown>, headers = auth) =>
      (await request(test.baseUrl).post('/graphql').set(headers).send({ query: topicQuery, variables }).expect(200)).body;

    const { body: read } = await request(test.baseUrl).get(`${topics}/${created.id}`).set(auth).expect(200);
    expect(read).toEqual(created);
    const { data } = await graphql({ org: organizationId, id: created.id });
    expect(data.topic).toEqual({ id: created.id, name: 'Fraud', examples: fraudTopic.examples, zendeskTags: ['fraud_report'], noAssist: true, matchCount: 0 });

    const { body: otherTopics } = await request(test.baseUrl).get(`/admin/organizations/${otherOrganizationId}/topics`).set(auth).expect(200);
    // Unknown, or another organization's: both not found here.
    for (const id of [randomUUID(), otherTopics[0].id]) {
      const missing = await request(test.baseUrl).get(`${topics}/${id}`).set(auth).expect(404);
      expect(missing.body.type).toBe('urn:opencx:error:topic_not_found');
      expect((await graphql({ org: organizationId, id })).errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'topic_not_found' });
    }
    await request(test.baseUrl).get(`${topics}/not-a-uuid`).set(auth).expect(400);
    expect((await graphql({ org: organizationId, id: 'not-a-uuid' })).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });

    const forbidden = await request(test.baseUrl).get(`${topics}/${created.id}`).set(otherKey).expect(403);
    expect(forbidden.body.type).toBe('urn:opencx:error:admin_forbidden');
    expect((await graphql({ org: organizationId, id: created.id }, otherKey)).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('tags a ticket of a no-assist topic and posts no note; an edit applies on the next webhook', async () => {
    const { organizationId, webhookUrl, auth } = await setUpOrganization(test, zendesk);
    const { body: topic } = await request(test.baseUrl).post(`/admin/organizations/${organizationId}/topics`).set(auth).send(fraudTopic).expect(201);
    const fire = (ticketId: number) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });

    const tagged = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?', tags: ['fraud_report'] });
    const described = zendesk.createTicket({ subject: 'Card', body: 'There is a charge on my card that I never made.' });
    await fire(tagged.id);
    await fire(described.id);
    const [byTag] = await waitForDecisions(test, organizationId, tagged.id);
    const [bySimilarity] = await waitForDecisions(test, organizationId, described.id);
    for (const decision of [byTag, bySimilarity]) {
      expect(decision).toMatchObject({ outcome: 'skipped', reason: 'no_assist_topic', tagsApplied: [NO_ASSIST_TOPIC_TAG] });
    }
    expect(byTag.evidence.topics).toEqual([{ name: 'Fraud', noAssist: true, because: 'tag:fraud_report' }]);
    expect(bySimilarity.evidence.topics).toEqual([{ name: 'Fraud', noAssist: true, because: expect.stringMatching(/^semantic:0\.\d\d (description|example:\d+)$/) }]);
    // The ticket's story keeps each reason as the decision recorded it.
    for (const [ticket, decision] of [[tagged, byTag], [described, bySimilarity]] as const) {
      const { body: story } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/tickets/${ticket.id}/explain`).set(auth).expect(200);
      expect(story.decisions[0].evidence.topics).toEqual(decision.evidence.topics);
    }
    expect(zendesk.getTicket(tagged.id).tags).toContain(NO_ASSIST_TOPIC_TAG);
    expect(zendesk.getTicket(tagged.id).comments.filter((c) => !c.public)).toEqual([]);

    await request(test.baseUrl).patch(`/admin/organizations/${organizationId}/topics/${topic.id}`).set(auth).send({ noAssist: false }).expect(200);
    const after = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?', tags: ['fraud_report'] });
    await fire(after.id);
    const [decision] = await waitForDecisions(test, organizationId, after.id);
    expect(decision).toMatchObject({ outcome: 'suggested', evidence: expect.objectContaining({ topics: [{ name: 'Fraud', noAssist: false, because: 'tag:fraud_report' }] }) });
  });
});

describe('Topics chosen by an LLM (LangChain, fake OpenAI-compatible server on 127.0.0.1)', () => {
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let openAi: FakeOpenAiServer;
  let test: TestApp;

  beforeAll(async () => {
    openAi = await FakeOpenAiServer.start();
    fixture = await startAssistFixture({
      organization: false,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openAi.baseUrl, LLM_MODEL: 'gpt-test', EMBEDDING_MODEL: 'embed-test', LLM_MAX_RETRIES: '0' },
    });
    ({ zendesk, test } = fixture);
  });
  afterAll(() => fixture?.close());
  afterAll(() => openAi?.close());

  it('skips with the tag when the model picks a no-assist topic the rules did not match, and records "llm"', async () => {
    const { organizationId, webhookUrl, auth } = await setUpOrganization(test, zendesk);
    await request(test.baseUrl).post(`/admin/organizations/${organizationId}/topics`).set(auth).send({ ...fraudTopic, zendeskTags: [] }).expect(201);
    openAi.answerTopicsWith(() => ({ topics: ['Fraud'] }));

    const ticket = zendesk.createTicket({ subject: 'Card', body: 'Purchases in a country I have never visited appeared on my statement.' });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);

    expect(decision).toMatchObject({ outcome: 'skipped', reason: 'no_assist_topic', tagsApplied: [NO_ASSIST_TOPIC_TAG] });
    expect(decision.evidence.topics).toEqual([{ name: 'Fraud', noAssist: true, because: 'llm' }]);
    const { body: story } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/tickets/${ticket.id}/explain`).set(auth).expect(200);
    expect(story.decisions[0].evidence.topics).toEqual([{ name: 'Fraud', noAssist: true, because: 'llm' }]);
    const [call] = openAi.callsTo('/v1/chat/completions').filter((c) => c.body.tools[0].function.name === 'choose_topics');
    expect(JSON.stringify(call.body.messages)).toContain('Purchases in a country I have never visited');
  });
});
