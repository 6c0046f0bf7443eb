import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

describe('Admin API keys, audit log and pagination (real PostgreSQL)', () => {
  let test: TestApp;
  let db: DataSource;
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const registration = {
    name: 'Acme',
    zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'zendesk-token' },
    webhookSigningSecret: 'webhook-signing-secret-0123456789',
  };
  const register = async () => (await request(test.baseUrl).post('/admin/organizations').set(operator).send(registration).expect(201)).body;
  const mint = async (organizationId: string, name = 'CI', auth = operator) =>
    (await request(test.baseUrl).post(`/admin/organizations/${organizationId}/api-keys`).set(auth).send({ name }).expect(201)).body;

  // Follows nextCursor to the end, `limit` items a page.
  async function allPages(path: string, limit: number, auth = operator): Promise<{ items: { id?: string }[]; pages: number }> {
    const items: { id?: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = cursor ? { limit, cursor } : { limit };
      const { body } = await request(test.baseUrl).get(path).query(query).set(auth).expect(200);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    return { items, pages };
  }

  beforeAll(async () => {
    test = await startTestApp();
    db = test.app.get(DataSource);
  });
  afterAll(() => test?.close());

  it('mints a key shown once and stored only as its SHA-256; the key sees and changes its own organization only', async () => {
    const own = await register();
    const other = await register();
    const key = await mint(own.id);
    expect(key).toMatchObject({ name: 'CI', createdBy: 'operator', lastUsedAt: null, revokedAt: null });
    expect(key.token).toMatch(/^ocx_org_[A-Za-z0-9_-]{43}$/);
    expect(key.token.startsWith(key.prefix)).toBe(true);
    const [row] = await db.query(`SELECT * FROM admin_api_keys WHERE id = $1`, [key.id]);
    expect(JSON.stringify(row)).not.toContain(key.token.slice(key.prefix.length));
    expect(Buffer.from(row.token_sha256).equals(createHash('sha256').update(key.token).digest())).toBe(true);

    await request(test.baseUrl).get(`/admin/organizations/${own.id}`).set(bearer(key.token)).expect(200);
    await request(test.baseUrl).patch(`/admin/organizations/${own.id}/settings`).set(bearer(key.token)).send({ assistEnabled: true }).expect(200);
    await request(test.baseUrl).get(`/admin/organizations/${own.id}/topics`).set(bearer(key.token)).expect(200);
    await request(test.baseUrl).get(`/admin/organizations/${other.id}`).set(bearer(key.token)).expect(403);
    await request(test.baseUrl).get('/admin/organizations').set(bearer(key.token)).expect(403);

    const { body: listed } = await request(test.baseUrl).get(`/admin/organizations/${own.id}/api-keys`).set(operator).expect(200);
    expect(listed.items).toEqual([expect.objectContaining({ id: key.id, prefix: key.prefix, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain(key.token);
  });

  it('revokes a key: it is refused with 401 from then on, and revoking it again keeps the first revocation', async () => {
    const own = await register();
    const key = await mint(own.id);
    const spare = await mint(own.id, 'spare');
    const revoked = await request(test.baseUrl).delete(`/admin/organizations/${own.id}/api-keys/${key.id}`).set(bearer(spare.token)).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await request(test.baseUrl).get(`/admin/organizations/${own.id}`).set(bearer(key.token)).expect(401);
    const again = await request(test.baseUrl).delete(`/admin/organizations/${own.id}/api-keys/${key.id}`).set(operator).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    await request(test.baseUrl).get(`/admin/organizations/${own.id}`).set(bearer(spare.token)).expect(200);
  });

  it("404 for a key of another organization revoked through one's own", async () => {
    const own = await register();
    const other = await register();
    const otherKey = await mint(other.id);
    const response = await request(test.baseUrl).delete(`/admin/organizations/${own.id}/api-keys/${otherKey.id}`).set(operator).expect(404);
    expect(response.body.type).toBe('urn:opencx:error:api_key_not_found');
    await request(test.baseUrl).get(`/admin/organizations/${other.id}`).set(bearer(otherKey.token)).expect(200);
  });

  it('audits each real settings change with who, when and old → new, newest first, a page at a time', async () => {
    const organization = await register();
    const key = await mint(organization.id);
    const settings = `/admin/organizations/${organization.id}/settings`;
    await request(test.baseUrl).patch(settings).set(operator).send({ dedupeWindowHours: 24, noteLanguage: 'de' }).expect(200);
    await request(test.baseUrl).patch(settings).set(bearer(key.token)).send({ actionableStatuses: ['new', 'open'], dedupeWindowHours: 24 }).expect(200);
    // Values already in place change nothing and record nothing.
    await request(test.baseUrl).patch(settings).set(operator).send({ dedupeWindowHours: 24 }).expect(200);

    const { items, pages } = await allPages(`/admin/organizations/${organization.id}/audit`, 1, bearer(key.token));
    expect(pages).toBe(3);
    expect(items).toEqual([
      expect.objectContaining({
        actor: key.id,
        action: 'settings.updated',
        changes: { actionableStatuses: { from: ['new', 'open', 'pending', 'hold'], to: ['new', 'open'] } },
      }),
      expect.objectContaining({
        actor: 'operator',
        action: 'settings.updated',
        changes: { dedupeWindowHours: { from: 48, to: 24 }, noteLanguage: { from: 'en', to: 'de' } },
        at: expect.any(String),
      }),
      expect.objectContaining({ actor: 'operator', action: 'api_key.created', changes: { apiKey: { from: null, to: expect.objectContaining({ id: key.id }) } } }),
    ]);
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${organization.id}`).set(operator).expect(200);
    expect(body.settings).toMatchObject({ dedupeWindowHours: 24, noteLanguage: 'de', actionableStatuses: ['new', 'open'] });
  });

  it.each([
    [{ actionableStatuses: ['open', 'archived'] }, 'actionableStatuses'],
    [{ actionableStatuses: ['open', 'open'] }, 'actionableStatuses'],
    [{ noteLanguage: 'klingon' }, 'noteLanguage'],
    [{ handoffTag: 'has spaces' }, 'handoffTag'],
    [{ signOff: 'x'.repeat(201) }, 'signOff'],
    [{ dedupeWindowHours: 0 }, 'dedupeWindowHours'],
  ])('400 naming the field for settings %j', async (settings, field) => {
    const organization = await register();
    const response = await request(test.baseUrl).patch(`/admin/organizations/${organization.id}/settings`).set(operator).send(settings).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('pages through organizations with an opaque cursor, each exactly once', async () => {
    const created = [await register(), await register(), await register()].map((o) => o.id);
    const { items, pages } = await allPages('/admin/organizations', 2);
    const ids = items.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(created));
    // A full last page ends the list too: the repository reads one row ahead.
    expect(pages).toBe(Math.ceil(ids.length / 2));
    const bad = await request(test.baseUrl).get('/admin/organizations').query({ cursor: 'forged' }).set(operator).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    await request(test.baseUrl).get('/admin/organizations').query({ limit: 101 }).set(operator).expect(400);
  });

  it('filters decisions by ticket, outcome, reason, topic and time, newest first, a page at a time', async () => {
    const organization = await register();
    const insert = (ticketId: string, outcome: string, reason: string, at: string) =>
      db.query(`INSERT INTO decisions (organization_id, ticket_id, outcome, reason, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        organization.id,
        ticketId,
        outcome,
        reason,
        at,
      ]);
    await insert('7', 'skipped', 'duplicate', '2025-03-01T10:00:00Z');
    await insert('7', 'suggested', 'suggested', '2025-03-02T10:00:00Z');
    await insert('8', 'skipped', 'duplicate', '2025-03-03T10:00:00Z');
    await insert('8', 'skipped', 'handoff_ticket', '2025-03-04T10:00:00Z');
    const decisions = `/admin/organizations/${organization.id}/decisions`;
    const search = async (query: Record<string, string>) =>
      (await request(test.baseUrl).get(decisions).query(query).set(operator).expect(200)).body.items.map(
        (d: { at: string; reason: string }) => `${d.at.slice(0, 10)} ${d.reason}`,
      );

    expect(await search({ ticketId: '7' })).toEqual(['2025-03-02 suggested', '2025-03-01 duplicate']);
    expect(await search({ outcome: 'skipped', reason: 'duplicate' })).toEqual(['2025-03-03 duplicate', '2025-03-01 duplicate']);
    expect(await search({ from: '2025-03-02T00:00:00Z', to: '2025-03-04T00:00:00Z' })).toEqual(['2025-03-03 duplicate', '2025-03-02 suggested']);
    await db.query(`UPDATE decisions SET evidence = $2 WHERE organization_id = $1 AND reason = 'handoff_ticket'`, [
      organization.id,
      { topics: [{ name: 'Billing', noAssist: false, because: 'keyword:invoice' }] },
    ]);
    expect(await search({ topic: 'Billing' })).toEqual(['2025-03-04 handoff_ticket']);
    expect(await search({ topic: 'billing' })).toEqual([]);
    expect((await allPages(decisions, 3)).items).toHaveLength(4);
    const bad = await request(test.baseUrl).get(decisions).query({ outcome: 'maybe', from: 'yesterday' }).set(operator).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'outcome']);
  });

  it('lists knowledge articles, filtered by locale, a page at a time', async () => {
    const organization = await register();
    const article = (externalId: string, locale: string) => ({ externalId, title: `Article ${externalId}`, body: '<p>Reset your password.</p>', url: `https://h.test/${externalId}`, locale });
    await request(test.baseUrl)
      .post(`/admin/organizations/${organization.id}/knowledge/articles`)
      .set(operator)
      .send({ articles: [article('1', 'en-us'), article('2', 'en-us'), article('3', 'de')] })
      .expect(200);
    const articles = `/admin/organizations/${organization.id}/knowledge/articles`;
    const { items, pages } = await allPages(articles, 2);
    expect(pages).toBe(2);
    expect(items.map((a) => (a as { externalId: string }).externalId).sort()).toEqual(['1', '2', '3']);
    const { body } = await request(test.baseUrl).get(articles).query({ locale: 'DE' }).set(operator).expect(200);
    expect(body).toEqual({ items: [expect.objectContaining({ externalId: '3', source: 'api', visibility: 'public' })], nextCursor: null });
  });
});
