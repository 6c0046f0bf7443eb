import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AssistFixture, SIGNING_SECRET, setUpOrganization, startAssistFixture } from '../support/assist-fixture';

interface Example {
  ticketId: string;
  excerpt: string;
  because: string;
  before: { name: string; noAssist: boolean; because: string }[];
  after: { name: string; noAssist: boolean; because: string }[];
}
interface Group {
  count: number;
  examples: Example[];
}

// The topic tester over HTTP: tickets go through the webhook and the pipeline (offline embedder, Zendesk
// simulator), their questions are stored with the decisions, then draft topics are replayed over them.
describe('Topic tester: what a draft topic would catch before it goes live (real PostgreSQL)', () => {
  let fixture: AssistFixture;
  let db: DataSource;
  const tickets: Record<'refund' | 'lawsuit' | 'charge' | 'tagged', string> = { refund: '', lawsuit: '', charge: '', tagged: '' };

  const testTopic = (body: object, organizationId = fixture.organizationId, auth = fixture.auth) =>
    request(fixture.test.baseUrl).post(`/admin/organizations/${organizationId}/topics/test`).set(auth).send(body);
  const graphql = (query: string, variables: Record<string, unknown>, auth = fixture.auth) =>
    request(fixture.test.baseUrl).post('/graphql').set(auth).send({ query, variables }).expect(200);
  const refunds = { name: 'Refunds', description: 'Customer wants money back', keywords: ['refund'], noAssist: true };

  beforeAll(async () => {
    fixture = await startAssistFixture();
    db = fixture.test.app.get(DataSource);
    tickets.refund = String((await fixture.ask('Money back', 'I would like a refund for my last order')).ticket.id);
    tickets.lawsuit = String((await fixture.ask('Complaint', 'My lawyer is preparing a lawsuit')).ticket.id);
    tickets.charge = String((await fixture.ask('My card', 'there is a charge on my card I never made')).ticket.id);
    const tagged = fixture.zendesk.createTicket({ subject: 'Account', body: 'Please look at my account', tags: ['vip_customer'] });
    await fixture.zendesk.fireWebhook(fixture.webhookUrl, SIGNING_SECRET, { ticket_id: String(tagged.id) });
    tickets.tagged = String(tagged.id);
    const deadline = Date.now() + 20_000;
    while ((await db.query(`SELECT count(*)::int AS n FROM decisions WHERE ticket_id = $1`, [tickets.tagged]))[0].n === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => fixture?.close());

  it('stores the text and tags each webhook decision was classified on', async () => {
    const rows: { ticket_id: string; text: string; tags: string[]; outcome: string }[] = await db.query(
      `SELECT q.ticket_id, q.text, q.tags, d.outcome FROM decision_questions q JOIN decisions d ON d.id = q.decision_id
        WHERE q.organization_id = $1 ORDER BY q.asked_at`,
      [fixture.organizationId],
    );
    expect(rows.map(({ ticket_id, text, tags }) => ({ ticket_id, text, tags }))).toEqual([
      { ticket_id: tickets.refund, text: 'Money back\n\nI would like a refund for my last order', tags: [] },
      { ticket_id: tickets.lawsuit, text: 'Complaint\n\nMy lawyer is preparing a lawsuit', tags: [] },
      { ticket_id: tickets.charge, text: 'My card\n\nthere is a charge on my card I never made', tags: [] },
      { ticket_id: tickets.tagged, text: 'Account\n\nPlease look at my account', tags: ['vip_customer'] },
    ]);
    expect(rows[1].outcome).toBe('skipped');
  });

  it('a keyword draft: the tickets it catches, and those it would newly skip, with examples and reasons', async () => {
    const { body } = await testTopic({ topic: refunds }).expect(200);
    expect(body).toMatchObject({ sinceDays: 30, ticketsTested: 4, truncated: false, llmStageSkipped: false });
    expect(body.caught).toEqual(body.newlySkipped);
    expect(body.newlySkipped).toEqual({
      count: 1,
      examples: [
        {
          ticketId: tickets.refund,
          askedAt: expect.any(String),
          excerpt: 'Money back\n\nI would like a refund for my last order',
          because: 'keyword:refund',
          before: [],
          after: [{ name: 'Refunds', noAssist: true, because: 'keyword:refund' }],
        },
      ],
    });
    expect(body.newlyAssisted).toEqual({ count: 0, examples: [] });
  });

  it('a semantic draft and a tag draft catch what their examples and tags would', async () => {
    const fraud = { name: 'Fraud', description: 'Unauthorised card charges', examples: ['someone charged my card and I never made it'], noAssist: false };
    const { body: semantic } = await testTopic({ topic: fraud }).expect(200);
    expect(semantic.caught.count).toBe(1);
    expect(semantic.caught.examples[0]).toMatchObject({ ticketId: tickets.charge, because: expect.stringMatching(/^semantic:0\.\d\d (description|example:\d+)$/) });
    expect(semantic.newlySkipped.count + semantic.newlyAssisted.count).toBe(0);

    const { body: tagged } = await testTopic({ topic: { name: 'VIP', description: '', zendeskTags: ['VIP_customer'], noAssist: true }, sinceDays: 1 }).expect(200);
    expect(tagged).toMatchObject({ sinceDays: 1, caught: { count: 1, examples: [{ ticketId: tickets.tagged, because: 'tag:VIP_customer' }] }, newlySkipped: { count: 1 } });
  });

  it('an edit of a no-assist topic: the tickets it would no longer skip', async () => {
    const { body: topics } = await request(fixture.test.baseUrl).get(`/admin/organizations/${fixture.organizationId}/topics`).set(fixture.auth).expect(200);
    const legal = topics.find((topic: { name: string }) => topic.name === 'Legal');
    const { body } = await testTopic({ topic: { id: legal.id, name: 'Legal', description: 'Legal threats', keywords: ['lawyer'], noAssist: false } }).expect(200);
    expect(body.newlyAssisted).toEqual({
      count: 1,
      examples: [
        expect.objectContaining({
          ticketId: tickets.lawsuit,
          because: 'keyword:lawsuit',
          before: [{ name: 'Legal', noAssist: true, because: 'keyword:lawsuit' }],
          after: [{ name: 'Legal', noAssist: false, because: 'keyword:lawyer' }],
        }),
      ],
    });
    expect(body.caught.count).toBe(1);
    expect(body.newlySkipped.count).toBe(0);
  });

  it('writes nothing: no topic, no vectors (not even for a topic whose vectors are missing), no decision', async () => {
    await db.query(`INSERT INTO topics (organization_id, name, description, examples) VALUES ($1, 'Opening hours', 'When the shops are open', '{"are you open on sunday"}')`, [
      fixture.organizationId,
    ]);
    const counts = async () =>
      (await db.query(
        `SELECT (SELECT count(*)::int FROM topics) AS topics, (SELECT count(*)::int FROM topic_embeddings) AS vectors,
                (SELECT count(*)::int FROM decisions) AS decisions, (SELECT count(*)::int FROM decision_questions) AS questions,
                (SELECT max(updated_at) FROM topics) AS updated`,
      ))[0];
    const before = await counts();
    await testTopic({ topic: refunds }).expect(200);
    await testTopic({ topic: { ...refunds, name: 'Fraud', keywords: [], examples: ['a charge I never made'] } }).expect(200);
    expect(await counts()).toEqual(before);
  });

  it('GraphQL topicTest (a query) answers as REST does', async () => {
    const query = `query ($org: ID!, $topic: TopicDraftInput!, $days: Int) {
      topicTest(organizationId: $org, topic: $topic, sinceDays: $days) {
        sinceDays ticketsTested truncated llmStageSkipped
        caught { count examples { ticketId askedAt excerpt because before { name noAssist because } after { name noAssist because } } }
        newlySkipped { count examples { ticketId askedAt excerpt because before { name noAssist because } after { name noAssist because } } }
        newlyAssisted { count examples { ticketId askedAt excerpt because before { name noAssist because } after { name noAssist because } } }
      } }`;
    const { body: rest } = await testTopic({ topic: refunds, sinceDays: 7 }).expect(200);
    const { body } = await graphql(query, { org: fixture.organizationId, topic: refunds, days: 7 });
    expect(body.errors).toBeUndefined();
    expect(body.data.topicTest).toEqual(rest);

    const invalid = await graphql(query, { org: fixture.organizationId, topic: { ...refunds, name: '' }, days: 0 });
    expect(invalid.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(invalid.body.errors[0].extensions.errors.map((e: { field: string }) => e.field).sort()).toEqual(['sinceDays', 'topic.name']);
  });

  it('questionRetentionDays: 90 by default, 1–3650, in the REST and GraphQL settings, audited', async () => {
    const { organizationId, auth } = await setUpOrganization(fixture.test, fixture.zendesk);
    const settings = `/admin/organizations/${organizationId}/settings`;
    const { body: organization } = await request(fixture.test.baseUrl).get(`/admin/organizations/${organizationId}`).set(auth).expect(200);
    expect(organization.settings.questionRetentionDays).toBe(90);
    for (const invalid of [0, 3651, 1.5, '30']) {
      const refused = await request(fixture.test.baseUrl).patch(settings).set(auth).send({ questionRetentionDays: invalid }).expect(400);
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'questionRetentionDays' })]));
    }
    await request(fixture.test.baseUrl).patch(settings).set(auth).send({ questionRetentionDays: 365 }).expect(200);
    const { body } = await graphql(
      `mutation ($org: ID!) { updateSettings(organizationId: $org, settings: { questionRetentionDays: 7 }) { settings { questionRetentionDays } } }`,
      { org: organizationId },
    );
    expect(body.data.updateSettings.settings).toEqual({ questionRetentionDays: 7 });
    const { body: audit } = await request(fixture.test.baseUrl).get(`/admin/organizations/${organizationId}/audit`).set(auth).expect(200);
    expect(audit.items.map((entry: { changes: object }) => entry.changes).slice(0, 2)).toEqual([
      { questionRetentionDays: { from: 365, to: 7 } },
      { questionRetentionDays: { from: 90, to: 365 } },
    ]);
  });

  it.each([
    ['no topic', {}, 'topic'],
    ['a topic without a name', { topic: { ...refunds, name: '' } }, 'topic.name'],
    ['a bad Zendesk tag', { topic: { ...refunds, zendeskTags: ['not a tag'] } }, 'topic.zendeskTags'],
    ['an id that is no UUID', { topic: { ...refunds, id: '42' } }, 'topic.id'],
    ['sinceDays 0', { topic: refunds, sinceDays: 0 }, 'sinceDays'],
    ['an unknown field', { topic: refunds, dryRun: true }, 'dryRun'],
  ])('400 problem+json for %s', async (_, body, field) => {
    const response = await testTopic(body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it("400 for a window longer than the organization keeps questions, 409 for another topic's name, 404 for an unknown topic id", async () => {
    const { organizationId, auth } = await setUpOrganization(fixture.test, fixture.zendesk, { questionRetentionDays: 10 });
    const beyond = await testTopic({ topic: refunds, sinceDays: 11 }, organizationId, auth).expect(400);
    expect(beyond.body.type).toBe('urn:opencx:error:topic_test_window_beyond_retention');
    await testTopic({ topic: refunds, sinceDays: 10 }, organizationId, auth).expect(200);
    const duplicate = await testTopic({ topic: { ...refunds, name: 'legal' }, sinceDays: 10 }, organizationId, auth).expect(409);
    expect(duplicate.body.type).toBe('urn:opencx:error:duplicate_topic_name');
    const unknown = await testTopic({ topic: { ...refunds, id: randomUUID() }, sinceDays: 10 }, organizationId, auth).expect(404);
    expect(unknown.body.type).toBe('urn:opencx:error:topic_not_found');
  });

  it("keeps to its organization: 404 unknown, 403 another organization's key, another organization's topic and questions unseen", async () => {
    const other = await setUpOrganization(fixture.test, fixture.zendesk);
    const { body: minted } = await request(fixture.test.baseUrl).post(`/admin/organizations/${other.organizationId}/api-keys`).set(fixture.auth).send({ name: 'other' }).expect(201);
    const otherKey = { Authorization: `Bearer ${minted.token}` };

    await testTopic({ topic: refunds }, randomUUID()).expect(404);
    const refused = await testTopic({ topic: refunds }, fixture.organizationId, otherKey).expect(403);
    expect(refused.body.type).toBe('urn:opencx:error:admin_forbidden');
    const { body: gql } = await graphql(`query ($org: ID!, $topic: TopicDraftInput!) { topicTest(organizationId: $org, topic: $topic) { ticketsTested } }`, { org: fixture.organizationId, topic: refunds }, otherKey);
    expect(gql.errors[0].extensions.code).toBe('FORBIDDEN');

    const { body: topics } = await request(fixture.test.baseUrl).get(`/admin/organizations/${fixture.organizationId}/topics`).set(fixture.auth).expect(200);
    await testTopic({ topic: { ...refunds, id: topics[0].id } }, other.organizationId, otherKey).expect(404);
    const { body } = await testTopic({ topic: refunds }, other.organizationId, otherKey).expect(200);
    expect(body).toMatchObject({ ticketsTested: 0, caught: { count: 0 } });
  });
});
