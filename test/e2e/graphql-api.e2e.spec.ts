import request from 'supertest';
import { MAX_QUERY_DEPTH } from '../../src/shared/graphql/graphql-api.module';
import { MAX_QUERY_COMPLEXITY } from '../../src/shared/graphql/query-complexity.plugin';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

// The admin GraphQL API over the same services as REST: reads, mutations, the same keys, the same errors.
describe('Admin GraphQL API (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let test: TestApp;
  let organizationId: string;
  let otherOrganizationId: string;
  let ownKey: string;
  let ticketId: number;
  const operator = `Bearer ${TEST_ADMIN_TOKEN}`;

  // Errors in resolvers come with 200 and `errors`; a query refused before it runs, with 400.
  const graphql = (query: string, variables: Record<string, unknown> = {}, authorization: string | null = operator, status = 200) => {
    const post = request(test.baseUrl).post('/graphql');
    return (authorization ? post.set('Authorization', authorization) : post).send({ query, variables }).expect(status);
  };
  const errorOf = (response: request.Response) => response.body.errors?.[0];

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ test, organizationId } = fixture);
    const { zendesk, webhookUrl } = fixture;
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    ticketId = ticket.id;
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    await waitForDecisions(test, organizationId, ticket.id);

    const admin = request(test.baseUrl);
    const other = await admin
      .post('/admin/organizations')
      .set('Authorization', operator)
      .send({ name: 'Other', zendesk: { baseUrl: zendesk.baseUrl, email: 'a@example.com', apiToken: 't' }, webhookSigningSecret: 'other-signing-secret-0123' })
      .expect(201);
    otherOrganizationId = other.body.id;
    const minted = await admin.post(`/admin/organizations/${organizationId}/api-keys`).set('Authorization', operator).send({ name: 'dashboards' }).expect(201);
    ownKey = `Bearer ${minted.body.token}`;
  });

  afterAll(() => fixture?.close());

  it("tells a ticket's story: its suggestion with sources, decision, training link, and the topics' match counts", async () => {
    const response = await graphql(
      `query ($org: ID!, $ticket: String!) {
        organization(organizationId: $org) { name settings { dedupeWindowHours assistEnabled } topics { name noAssist matchCount } }
        suggestions(organizationId: $org, ticketId: $ticket) {
          reply sourced sources { title url internal } decisions { outcome reason evidence } trainingLink { verdict onThisService }
        }
        decisions(organizationId: $org, ticketId: $ticket, outcome: "suggested") { items { reason suggestion { id } } nextCursor }
        knowledgeArticles(organizationId: $org, limit: 2) { items { externalId title } nextCursor }
      }`,
      { org: organizationId, ticket: String(ticketId) },
    );

    expect(response.body.errors).toBeUndefined();
    const { organization, suggestions, decisions, knowledgeArticles } = response.body.data;
    expect(organization).toMatchObject({ name: 'Acme', settings: { dedupeWindowHours: 48, assistEnabled: true }, topics: [{ name: 'Legal', noAssist: true, matchCount: 0 }] });
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      sourced: true,
      sources: [{ title: 'How to reset your password', internal: false }],
      decisions: [{ outcome: 'suggested', reason: 'suggested' }],
      trainingLink: { verdict: 'valid', onThisService: true },
    });
    expect(suggestions[0].decisions[0].evidence.draftSourced).toBe(true);
    expect(decisions.items).toHaveLength(1);
    expect(decisions.items[0].suggestion).not.toBeNull();
    expect(knowledgeArticles.items).toHaveLength(2);
    expect(knowledgeArticles.nextCursor).toEqual(expect.any(String));

    const rest = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/knowledge/articles?limit=2`).set('Authorization', operator).expect(200);
    expect(rest.body.nextCursor).toBe(knowledgeArticles.nextCursor);
  });

  it('changes settings (audited, as through REST) and manages topics, with the same rules', async () => {
    const updated = await graphql(
      `mutation ($org: ID!) { updateSettings(organizationId: $org, settings: { dedupeWindowHours: 24, zendeskRequestsPerMinute: 2500 }) { settings { dedupeWindowHours zendeskRequestsPerMinute } } }`,
      { org: organizationId },
    );
    expect(updated.body.data.updateSettings.settings).toEqual({ dedupeWindowHours: 24, zendeskRequestsPerMinute: 2500 });
    const audit = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/audit`).set('Authorization', operator).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actor: 'operator', changes: { dedupeWindowHours: { from: 48, to: 24 }, zendeskRequestsPerMinute: { from: 400, to: 2500 } } });

    const created = await graphql(
      `mutation ($org: ID!) { createTopic(organizationId: $org, topic: { name: "Refunds", description: "Money back", keywords: ["refund"], noAssist: false }) { id name keywords } }`,
      { org: organizationId },
    );
    const topicId = created.body.data.createTopic.id;
    const duplicate = await graphql(`mutation ($org: ID!) { createTopic(organizationId: $org, topic: { name: "Refunds", description: "again", noAssist: false }) { id } }`, {
      org: organizationId,
    });
    expect(errorOf(duplicate).extensions).toMatchObject({ code: 'CONFLICT', status: 409, reason: 'duplicate_topic_name' });

    const renamed = await graphql(`mutation ($org: ID!, $id: ID!) { updateTopic(organizationId: $org, id: $id, changes: { noAssist: true }) { name noAssist } }`, {
      org: organizationId,
      id: topicId,
    });
    expect(renamed.body.data.updateTopic).toEqual({ name: 'Refunds', noAssist: true });
    const deleted = await graphql(`mutation ($org: ID!, $id: ID!) { deleteTopic(organizationId: $org, id: $id) }`, { org: organizationId, id: topicId });
    expect(deleted.body.data.deleteTopic).toBe(true);
    const gone = await graphql(`mutation ($org: ID!, $id: ID!) { deleteTopic(organizationId: $org, id: $id) }`, { org: organizationId, id: topicId });
    expect(errorOf(gone).extensions).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('answers bad input with field errors', async () => {
    const invalid = await graphql(`mutation ($org: ID!) { updateSettings(organizationId: $org, settings: { dedupeWindowHours: 0, handoffTag: "no spaces allowed" }) { id } }`, {
      org: organizationId,
    });
    expect(errorOf(invalid).extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(errorOf(invalid).extensions.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dedupeWindowHours', 'handoffTag']);

    const malformedId = await graphql(`{ organization(organizationId: "not-a-uuid") { id } }`);
    expect(errorOf(malformedId).extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    const unknown = await graphql(`{ organization(organizationId: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(errorOf(unknown).extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'organization_not_found' });
  });

  it("lets an organization's key see and change its own organization only, as on REST", async () => {
    // Refused before its query is parsed: the REST API's 401 problem, not a GraphQL result.
    const anonymous = await graphql(`query ($org: ID!) { organization(organizationId: $org) { id } }`, { org: organizationId }, null, 401);
    expect(anonymous.type).toBe('application/problem+json');
    expect(anonymous.body).toMatchObject({ status: 401, code: 'admin_unauthenticated' });

    const own = await graphql(`query ($org: ID!) { organization(organizationId: $org) { id } topics(organizationId: $org) { name } }`, { org: organizationId }, ownKey);
    expect(own.body.data.organization.id).toBe(organizationId);

    const otherBefore = await request(test.baseUrl).get(`/admin/organizations/${otherOrganizationId}`).set('Authorization', operator).expect(200);
    for (const query of [
      `query ($org: ID!) { organization(organizationId: $org) { id } }`,
      `query ($org: ID!) { decisions(organizationId: $org) { items { id } } }`,
      `mutation ($org: ID!) { updateSettings(organizationId: $org, settings: { assistEnabled: false }) { id } }`,
      `mutation ($org: ID!) { requestHelpCenterSync(organizationId: $org) { id } }`,
    ]) {
      const forbidden = await graphql(query, { org: otherOrganizationId }, ownKey);
      expect(errorOf(forbidden).extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    }
    const operatorOnly = await graphql(`{ organizations { items { id } } }`, {}, ownKey);
    expect(errorOf(operatorOnly).extensions).toMatchObject({ code: 'FORBIDDEN' });
    const asOperator = await graphql(`{ organizations { items { id } } }`);
    expect(asOperator.body.data.organizations.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([organizationId, otherOrganizationId]));
    const otherAfter = await request(test.baseUrl).get(`/admin/organizations/${otherOrganizationId}`).set('Authorization', operator).expect(200);
    expect(otherAfter.body.settings).toEqual(otherBefore.body.settings);
    const otherRuns = await request(test.baseUrl).get(`/admin/organizations/${otherOrganizationId}/help-center/sync`).set('Authorization', operator).expect(200);
    expect(otherRuns.body.items).toEqual([]);
  });

  it('refuses queries nested too deep or too costly before running them', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'id' : `decisions { suggestion { ${nested(depth - 1)} } }`);
    const deep = await graphql(
      `query ($org: ID!, $ticket: String!) { suggestions(organizationId: $org, ticketId: $ticket) { ${nested(3)} } }`,
      { org: organizationId, ticket: String(ticketId) },
      operator,
      400,
    );
    expect(errorOf(deep).message).toMatch(/exceeds maximum operation depth of/);
    expect(MAX_QUERY_DEPTH).toBeLessThan(1 + 3 * 2 + 1);

    const costly = await graphql(`{ organizations(limit: 100) { items { topics { name matchCount } } } }`, {}, operator, 400);
    expect(errorOf(costly).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(errorOf(costly).message).toContain(`at most ${MAX_QUERY_COMPLEXITY}`);
  });
});
