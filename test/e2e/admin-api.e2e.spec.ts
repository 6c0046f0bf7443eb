import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

describe('Admin API (real PostgreSQL)', () => {
  let test: TestApp;
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const registration = {
    name: 'Acme',
    zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'super-secret-zendesk-token' },
    webhookSigningSecret: 'webhook-signing-secret-0123456789',
  };

  beforeAll(async () => {
    test = await startTestApp({ env: { ZENDESK_ALLOW_INSECURE_BASE_URL: 'false', PUBLIC_BASE_URL: 'https://assist.acme.test' } });
  });
  afterAll(() => test?.close());

  it('registers an organization, stores its credentials encrypted and never returns them', async () => {
    const created = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    expect(created.body).toMatchObject({
      name: 'Acme',
      zendesk: { baseUrl: 'https://acme.zendesk.com', email: 'agent@acme.test' },
      settings: { assistEnabled: false, respondOnlyWithPotentialAnswers: false, dedupeWindowHours: 48 },
      webhookUrl: `https://assist.acme.test/webhooks/zendesk/${created.body.id}`,
    });
    const fetched = await request(test.baseUrl).get(`/admin/organizations/${created.body.id}`).set(auth).expect(200);
    for (const body of [created.text, fetched.text]) {
      expect(body).not.toContain('super-secret-zendesk-token');
      expect(body).not.toContain('webhook-signing-secret');
    }
    const [row] = await test.app.get(DataSource).query(`SELECT * FROM organizations WHERE id = $1`, [created.body.id]);
    expect(JSON.stringify(row)).not.toContain('super-secret-zendesk-token');
  });

  it('changes settings', async () => {
    const { body } = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    const updated = await request(test.baseUrl)
      .patch(`/admin/organizations/${body.id}/settings`)
      .set(auth)
      .send({ assistEnabled: true, respondOnlyWithPotentialAnswers: true })
      .expect(200);
    expect(updated.body.settings).toMatchObject({ assistEnabled: true, respondOnlyWithPotentialAnswers: true });
  });

  it("sets the Zendesk plan's requests per minute (400 unless said), within bounds, audited", async () => {
    const { body } = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    expect(body.settings.zendeskRequestsPerMinute).toBe(400);
    const settings = `/admin/organizations/${body.id}/settings`;
    for (const invalid of [0, 9, 10_001, 700.5, '700']) {
      const refused = await request(test.baseUrl).patch(settings).set(auth).send({ zendeskRequestsPerMinute: invalid }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('zendeskRequestsPerMinute');
    }
    const updated = await request(test.baseUrl).patch(settings).set(auth).send({ zendeskRequestsPerMinute: 700 }).expect(200);
    expect(updated.body.settings.zendeskRequestsPerMinute).toBe(700);
    const audit = await request(test.baseUrl).get(`/admin/organizations/${body.id}/audit`).set(auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'settings.updated', changes: { zendeskRequestsPerMinute: { from: 400, to: 700 } } });
  });

  it('matches no-assist topics strictly unless the admin says balanced, and refuses other policies', async () => {
    const { body } = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    expect(body.settings.noAssistMatching).toBe('strict');
    const settings = `/admin/organizations/${body.id}/settings`;
    const refused = await request(test.baseUrl).patch(settings).set(auth).send({ noAssistMatching: 'lenient' }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('noAssistMatching');
    const updated = await request(test.baseUrl).patch(settings).set(auth).send({ noAssistMatching: 'balanced' }).expect(200);
    expect(updated.body.settings.noAssistMatching).toBe('balanced');
  });

  it('manages topics, refusing duplicate names', async () => {
    const { body: org } = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    const topics = `/admin/organizations/${org.id}/topics`;
    const { body: topic } = await request(test.baseUrl)
      .post(topics)
      .set(auth)
      .send({ name: 'Billing', description: 'Invoices', keywords: ['invoice'], noAssist: false })
      .expect(201);
    await request(test.baseUrl).post(topics).set(auth).send({ name: 'billing', description: '', noAssist: true }).expect(409);
    await request(test.baseUrl).patch(`${topics}/${topic.id}`).set(auth).send({ noAssist: true }).expect(200);
    expect((await request(test.baseUrl).get(topics).set(auth).expect(200)).body).toMatchObject([{ name: 'Billing', noAssist: true }]);
    await request(test.baseUrl).delete(`${topics}/${topic.id}`).set(auth).expect(204);
    await request(test.baseUrl).delete(`${topics}/${topic.id}`).set(auth).expect(404);
  });

  it('401 without the admin token or with a wrong one', async () => {
    await request(test.baseUrl).post('/admin/organizations').send(registration).expect(401);
    await request(test.baseUrl).post('/admin/organizations').set({ Authorization: 'Bearer wrong' }).send(registration).expect(401);
  });

  it.each([
    ['no name', { ...registration, name: undefined }, 'name'],
    ['an unknown field', { ...registration, admin: true }, 'admin'],
    ['neither subdomain nor baseUrl', { ...registration, zendesk: { email: 'a@b.test', apiToken: 't' } }, 'subdomain'],
    ['a bad email', { ...registration, zendesk: { ...registration.zendesk, email: 'nope' } }, 'email'],
    ['a short signing secret', { ...registration, webhookSigningSecret: 'short' }, 'webhookSigningSecret'],
  ])('400 with field errors for %s', async (_, body, field) => {
    const response = await request(test.baseUrl).post('/admin/organizations').set(auth).send(body).expect(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(response.body.errors)).toContain(field);
  });

  it('400 for a non-Zendesk base URL unless insecure URLs are allowed', async () => {
    const body = { ...registration, zendesk: { ...registration.zendesk, subdomain: undefined, baseUrl: 'http://127.0.0.1:9' } };
    const response = await request(test.baseUrl).post('/admin/organizations').set(auth).send(body).expect(400);
    expect(response.body.detail).toMatch(/ZENDESK_ALLOW_INSECURE_BASE_URL/);
  });

  it('404 for unknown organizations, 400 for malformed ids', async () => {
    await request(test.baseUrl).get('/admin/organizations/00000000-0000-4000-8000-000000000000').set(auth).expect(404);
    await request(test.baseUrl).get('/admin/organizations/nope').set(auth).expect(400);
    await request(test.baseUrl)
      .get('/admin/organizations/00000000-0000-4000-8000-000000000000/tickets/1/decisions')
      .set(auth)
      .expect(404);
  });

  it('400 for invalid article uploads', async () => {
    const { body: org } = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    const response = await request(test.baseUrl)
      .post(`/admin/organizations/${org.id}/knowledge/articles`)
      .set(auth)
      .send({ articles: [{ externalId: '1', title: 'T', body: '<p>x</p>', url: 'not a url', locale: 'english please' }] })
      .expect(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/url[\s\S]*locale|locale[\s\S]*url/);
  });

  it('records handoff tickets idempotently, validating the ticket id', async () => {
    const { body: org } = await request(test.baseUrl).post('/admin/organizations').set(auth).send(registration).expect(201);
    const handoffs = `/admin/organizations/${org.id}/handoffs`;
    await request(test.baseUrl).post(handoffs).set(auth).send({ ticketId: 42 }).expect(201, { organizationId: org.id, ticketId: '42' });
    await request(test.baseUrl).post(handoffs).set(auth).send({ ticketId: '42' }).expect(201);
    const response = await request(test.baseUrl).post(handoffs).set(auth).send({ ticketId: '../1' }).expect(400);
    expect(JSON.stringify(response.body.errors)).toContain('ticketId');
    await request(test.baseUrl).post(handoffs).set(auth).send({}).expect(400);
    await request(test.baseUrl).post('/admin/organizations/00000000-0000-4000-8000-000000000000/handoffs').set(auth).send({ ticketId: 1 }).expect(404);
  });

  it('serves OpenAPI docs for the API, not the browser pages', async () => {
    const response = await request(test.baseUrl).get('/docs-json').expect(200);
    const paths = Object.keys(response.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/admin/organizations', '/webhooks/zendesk/{organizationId}', '/admin/organizations/{organizationId}/insights']));
    expect(paths.filter((path) => path.startsWith('/training') || path.startsWith('/dashboard'))).toEqual([]);
  });
});
