import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SIGNING_SECRET, setUpOrganization, SimulatedApp, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// Changing an organization (name, Zendesk connection, webhook secret) and deleting it, over REST and GraphQL.
describe('Organization lifecycle: update, credential rotation, delete (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let db: DataSource;
  let logged = '';
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const NEW_API_TOKEN = 'rotated-zendesk-token-7f3a';
  const NEW_SIGNING_SECRET = 'rotated-signing-secret-9c2e51';

  const register = async (name = 'Acme') =>
    (
      await request(test.baseUrl)
        .post('/admin/organizations')
        .set(operator)
        .send({
          name,
          zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'first-zendesk-token' },
          webhookSigningSecret: 'first-signing-secret-0123456789',
        })
        .expect(201)
    ).body as { id: string };
  const mintKey = async (organizationId: string) =>
    (await request(test.baseUrl).post(`/admin/organizations/${organizationId}/api-keys`).set(operator).send({ name: 'ops' }).expect(201))
      .body as { id: string; token: string };
  const patch = (organizationId: string, body: object, auth = operator) =>
    request(test.baseUrl).patch(`/admin/organizations/${organizationId}`).set(auth).send(body);
  const auditOf = async (organizationId: string) =>
    (await request(test.baseUrl).get(`/admin/organizations/${organizationId}/audit`).set(operator).expect(200)).body.items as {
      actor: string;
      action: string;
      changes: Record<string, unknown>;
    }[];
  const graphql = (query: string, variables: Record<string, unknown>, auth = operator) =>
    request(test.baseUrl).post('/graphql').set(auth).send({ query, variables }).expect(200);

  beforeAll(async () => {
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    fixture = await startAssistFixture({ organization: false, logDestination });
    ({ zendesk, test } = fixture);
    db = test.app.get(DataSource);
  });
  afterAll(() => fixture?.close());

  describe('PATCH /admin/organizations/:organizationId', () => {
    it("lets the organization's own key change name, Zendesk connection and webhook secret, audited without secret values", async () => {
      const organization = await register();
      const key = await mintKey(organization.id);

      const response = await patch(
        organization.id,
        {
          name: 'Acme Inc',
          zendesk: { baseUrl: 'https://acme-support.zendesk.com/agent', email: 'bot@acme.test', apiToken: NEW_API_TOKEN },
          webhookSigningSecret: NEW_SIGNING_SECRET,
        },
        bearer(key.token),
      ).expect(200);

      expect(response.body).toMatchObject({
        id: organization.id,
        name: 'Acme Inc',
        zendesk: { baseUrl: 'https://acme-support.zendesk.com', email: 'bot@acme.test' },
      });
      const [entry] = await auditOf(organization.id);
      expect(entry).toMatchObject({
        actor: key.id,
        action: 'organization.updated',
        changes: {
          name: { from: 'Acme', to: 'Acme Inc' },
          'zendesk.baseUrl': { from: 'https://acme.zendesk.com', to: 'https://acme-support.zendesk.com' },
          'zendesk.email': { from: 'agent@acme.test', to: 'bot@acme.test' },
          'zendesk.apiToken': { from: '[secret]', to: '[secret]' },
          webhookSigningSecret: { from: '[secret]', to: '[secret]' },
        },
      });
      // Sealed at rest, and nowhere in an answer or a log line.
      const [row] = await db.query(`SELECT * FROM organizations WHERE id = $1`, [organization.id]);
      for (const secret of [NEW_API_TOKEN, NEW_SIGNING_SECRET]) {
        expect(JSON.stringify(row)).not.toContain(secret);
        expect(JSON.stringify(response.body)).not.toContain(secret);
        expect(JSON.stringify(await auditOf(organization.id))).not.toContain(secret);
        expect(logged).not.toContain(secret);
      }
    });

    it('records nothing when the request sends what is already in place, secrets included', async () => {
      const organization = await register();
      await patch(organization.id, {
        name: 'Acme',
        zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'first-zendesk-token' },
        webhookSigningSecret: 'first-signing-secret-0123456789',
      }).expect(200);
      expect(await auditOf(organization.id)).toEqual([]);
    });

    it.each([
      ['a Zendesk connection without its token', { zendesk: { subdomain: 'acme', email: 'agent@acme.test' } }, 'zendesk.apiToken'],
      ['a Zendesk connection without subdomain or base URL', { zendesk: { email: 'agent@acme.test', apiToken: 't' } }, 'zendesk.subdomain'],
      ['a short webhook secret', { webhookSigningSecret: 'short' }, 'webhookSigningSecret'],
      ['an empty name', { name: '' }, 'name'],
    ])('400 with a field error for %s, and nothing changes', async (_, body, field) => {
      const organization = await register();
      const response = await patch(organization.id, body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await auditOf(organization.id)).toEqual([]);
    });

    it('400 for a Zendesk address resolveZendeskBaseUrl refuses, as on create, and nothing changes', async () => {
      const organization = await register();
      const response = await patch(organization.id, { zendesk: { subdomain: 'bad_sub.domain', email: 'a@acme.test', apiToken: 't' } }).expect(400);
      expect(response.body.type).toBe('urn:opencx:error:invalid_zendesk_base_url');
      expect(await auditOf(organization.id)).toEqual([]);
    });

    it("404 for an unknown organization, 403 with another organization's key", async () => {
      const other = await register('Other');
      const otherKey = await mintKey(other.id);
      const organization = await register();
      await patch(randomUUID(), { name: 'Nobody' }).expect(404);
      await patch(organization.id, { name: 'Hijacked' }, bearer(otherKey.token)).expect(403);
      expect(await auditOf(organization.id)).toEqual([]);
    });

    it('a rotated Zendesk token and webhook secret take effect on the very next call', async () => {
      const { organizationId, webhookUrl } = await setUpOrganization(test, zendesk);
      // A first ticket leaves a Zendesk client for the old token in the gateway's cache.
      const first = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
      expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(first.id) })).status).toBe(202);
      expect((await waitForDecisions(test, organizationId, first.id))[0].outcome).toBe('suggested');

      zendesk.rotateApiToken(NEW_API_TOKEN);
      await patch(organizationId, {
        zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: NEW_API_TOKEN },
        webhookSigningSecret: NEW_SIGNING_SECRET,
      }).expect(200);

      const second = zendesk.createTicket({ subject: 'Shipping', body: 'When will my order arrive?' });
      expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(second.id) })).status).toBe(401);
      expect((await zendesk.fireWebhook(webhookUrl, NEW_SIGNING_SECRET, { ticket_id: String(second.id) })).status).toBe(202);
      expect((await waitForDecisions(test, organizationId, second.id))[0].outcome).toBe('suggested');
      const calls = zendesk.requests.filter((r) => r.path.includes(`/tickets/${second.id}`));
      expect(calls.length).toBeGreaterThan(0);
      expect(new Set(calls.map((r) => Buffer.from(r.headers.authorization!.slice('Basic '.length), 'base64').toString()))).toEqual(
        new Set([`agent@example.com/token:${NEW_API_TOKEN}`]),
      );
    });
  });

  describe('DELETE /admin/organizations/:organizationId', () => {
    // Every table with an organization_id column, from the live schema: a new table is checked without listing it.
    async function rowsPerTable(organizationId: string): Promise<Record<string, number>> {
      const tables: { table_name: string }[] = await db.query(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organization_id' ORDER BY 1`,
      );
      const counts: Record<string, number> = {};
      for (const { table_name: table } of tables) {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE organization_id = $1`, [organizationId]);
        counts[table] = n;
      }
      return counts;
    }

    it('operator only: removes the organization and all of its rows, leaves the others alone; its webhook and keys then fail', async () => {
      const { organizationId, webhookUrl } = await setUpOrganization(test, zendesk);
      const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
      await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
      await waitForDecisions(test, organizationId, ticket.id);
      const ownKey = await mintKey(organizationId);
      const { organizationId: survivorId } = await setUpOrganization(test, zendesk);
      const survivorBefore = await rowsPerTable(survivorId);
      const before = await rowsPerTable(organizationId);
      // The data this test relies on is really there, the BM25 tables included.
      for (const table of ['kb_chunks', 'kb_postings', 'kb_term_stats', 'kb_corpus_stats', 'kb_article_postings', 'kb_article_term_stats', 'kb_article_corpus_stats', 'topics', 'decisions', 'admin_api_keys', 'admin_audit_log']) {
        expect({ table, rows: before[table] > 0 }).toEqual({ table, rows: true });
      }

      const refused = await request(test.baseUrl).delete(`/admin/organizations/${organizationId}`).set(bearer(ownKey.token)).expect(403);
      expect(refused.body.type).toBe('urn:opencx:error:admin_forbidden');
      expect(await rowsPerTable(organizationId)).toEqual(before);

      await request(test.baseUrl).delete(`/admin/organizations/${organizationId}`).set(operator).expect(204);

      expect(Object.entries(await rowsPerTable(organizationId)).filter(([, rows]) => rows > 0)).toEqual([]);
      expect(await rowsPerTable(survivorId)).toEqual(survivorBefore);
      await request(test.baseUrl).get(`/admin/organizations/${organizationId}`).set(operator).expect(404);
      expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) })).status).toBe(404);
      await request(test.baseUrl).get(`/admin/organizations/${organizationId}`).set(bearer(ownKey.token)).expect(401);
      await request(test.baseUrl).delete(`/admin/organizations/${organizationId}`).set(operator).expect(404);
    });

    it('404 for an unknown organization', async () => {
      await request(test.baseUrl).delete(`/admin/organizations/${randomUUID()}`).set(operator).expect(404);
    });
  });

  describe('GraphQL mutations', () => {
    const UPDATE = `mutation ($org: ID!, $changes: OrganizationChangesInput!) {
      updateOrganization(organizationId: $org, changes: $changes) { name zendeskBaseUrl zendeskEmail }
    }`;
    const DELETE = `mutation ($org: ID!) { deleteOrganization(organizationId: $org) }`;

    it('updateOrganization: same rules and audit as REST, for the organization key too', async () => {
      const organization = await register();
      const key = await mintKey(organization.id);
      const changes = { name: 'Acme GraphQL', zendesk: { subdomain: 'acme-gql', email: 'gql@acme.test', apiToken: NEW_API_TOKEN } };

      const { body } = await graphql(UPDATE, { org: organization.id, changes }, bearer(key.token));

      expect(body).toEqual({
        data: { updateOrganization: { name: 'Acme GraphQL', zendeskBaseUrl: 'https://acme-gql.zendesk.com', zendeskEmail: 'gql@acme.test' } },
      });
      const [entry] = await auditOf(organization.id);
      expect(entry).toMatchObject({ actor: key.id, changes: { 'zendesk.apiToken': { from: '[secret]', to: '[secret]' } } });
    });

    it('updateOrganization checks the input with the REST body rules: BAD_USER_INPUT with field errors', async () => {
      const organization = await register();
      const changes = { zendesk: { subdomain: 'acme', email: 'not-an-email', apiToken: 't' }, webhookSigningSecret: 'short' };
      const { body } = await graphql(UPDATE, { org: organization.id, changes });
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(body.errors[0].extensions.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'zendesk.email' }), expect.objectContaining({ field: 'webhookSigningSecret' })]),
      );
      expect(await auditOf(organization.id)).toEqual([]);
    });

    it("deleteOrganization: FORBIDDEN for the organization's own key, done for the operator", async () => {
      const organization = await register();
      const key = await mintKey(organization.id);

      const refused = await graphql(DELETE, { org: organization.id }, bearer(key.token));
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'admin_forbidden' });
      await request(test.baseUrl).get(`/admin/organizations/${organization.id}`).set(operator).expect(200);

      expect((await graphql(DELETE, { org: organization.id })).body).toEqual({ data: { deleteOrganization: true } });
      await request(test.baseUrl).get(`/admin/organizations/${organization.id}`).set(operator).expect(404);
      const again = await graphql(DELETE, { org: organization.id });
      expect(again.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'organization_not_found' });
    });
  });
});
