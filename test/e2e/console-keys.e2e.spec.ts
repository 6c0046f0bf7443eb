import request from 'supertest';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

const REGISTRATION = (name: string) => ({
  name,
  zendesk: { subdomain: name.toLowerCase(), email: 'agent@acme.test', apiToken: 'zendesk-token-secret' },
  webhookSigningSecret: 'webhook-signing-secret-0123456789',
});

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

// The console's API keys screen over HTTP: the service, permissions and audit of /admin/organizations/:id/api-keys.
describe('the console API keys screen at /console/organizations/:id/keys (real PostgreSQL)', () => {
  let test: TestApp;
  let acme: string;
  let beta: string;
  let acmeKey: { id: string; token: string };
  let betaKey: { id: string; token: string };
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const keysPage = (id: string) => `/console/organizations/${id}/keys`;

  beforeAll(async () => {
    test = await startTestApp();
    acme = (await request(test.baseUrl).post('/admin/organizations').set(operator).send(REGISTRATION('Acme')).expect(201)).body.id;
    beta = (await request(test.baseUrl).post('/admin/organizations').set(operator).send(REGISTRATION('Beta')).expect(201)).body.id;
    acmeKey = (await request(test.baseUrl).post(`/admin/organizations/${acme}/api-keys`).set(operator).send({ name: 'acme console' }).expect(201)).body;
    betaKey = (await request(test.baseUrl).post(`/admin/organizations/${beta}/api-keys`).set(operator).send({ name: 'beta console' }).expect(201)).body;
  });

  afterAll(async () => {
    await test?.close();
  });

  const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];
  const keysOf = async (id: string) => (await request(test.baseUrl).get(`/admin/organizations/${id}/api-keys`).set(operator).expect(200)).body.items as KeyView[];
  const auditOf = async (id: string) => (await request(test.baseUrl).get(`/admin/organizations/${id}/audit`).set(operator).expect(200)).body.items as { actor: string; action: string; changes: Record<string, { from: unknown; to: unknown }> }[];

  async function signedIn(token: string) {
    const agent = request.agent(test.baseUrl);
    const form = await agent.get('/console').expect(200);
    await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(303);
    return agent;
  }

  async function createInConsole(agent: ReturnType<typeof request.agent>, id: string, name: string) {
    const page = await agent.get(keysPage(id)).expect(200);
    const answer = await agent.post(keysPage(id)).type('form').send({ _csrf: csrfOf(page.text), name }).expect(201);
    const token = /id="new-key" readonly[^>]*value="(ocx_org_[^"]+)"/.exec(answer.text)![1];
    return { answer, token };
  }

  it('lists the organization\'s keys from a link on its page: label, prefix, created, last used, live or revoked, never a token', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const organization = await agent.get(`/console/organizations/${acme}`).expect(200);
    expect(organization.text).toContain(`href="${keysPage(acme)}"`);
    const revoked = (await request(test.baseUrl).post(`/admin/organizations/${acme}/api-keys`).set(operator).send({ name: 'old laptop' }).expect(201)).body;
    await request(test.baseUrl).delete(`/admin/organizations/${acme}/api-keys/${revoked.id}`).set(operator).expect(200);
    await request(test.baseUrl).get(`/admin/organizations/${acme}`).set({ Authorization: `Bearer ${acmeKey.token}` }).expect(200);

    const page = await agent.get(keysPage(acme)).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).not.toMatch(/<script|<style|style=/);
    const rowOf = (name: string) => new RegExp(`<tr><td>${name}</td>[\\s\\S]*?</tr>`).exec(page.text)![0];
    expect(rowOf('acme console')).toContain(`<code>${acmeKey.token.slice(0, 14)}…</code>`);
    expect(rowOf('acme console')).toMatch(/<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/td><td>live<\/td>/);
    expect(rowOf('acme console')).toContain(`href="${keysPage(acme)}/${acmeKey.id}/revoke"`);
    expect(rowOf('old laptop')).toMatch(/<td>never<\/td><td>revoked \d{4}-/);
    expect(rowOf('old laptop')).not.toContain('Revoke…');
    expect(page.text).not.toContain(acmeKey.token);
    expect(page.text).not.toContain('beta console');
  });

  it('creates a key: shown once with a warning, no-store, audited; it signs in to the console and the admin API; the list never shows it again', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const { answer, token } = await createInConsole(agent, acme, 'CI pipeline');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers.location).toBeUndefined();
    expect(answer.text).toContain('Copy it now: it is not shown again.');
    expect(answer.text).toMatch(/<label for="new-key">/);
    const created = (await keysOf(acme)).find((key) => key.name === 'CI pipeline')!;
    expect(created).toMatchObject({ prefix: token.slice(0, 14), createdBy: 'operator', revokedAt: null });
    expect((await auditOf(acme))[0]).toMatchObject({ actor: 'operator', action: 'api_key.created', changes: { apiKey: { from: null, to: { id: created.id, name: 'CI pipeline' } } } });

    const list = await agent.get(keysPage(acme)).expect(200);
    expect(list.text).toContain('CI pipeline');
    expect(list.text).not.toContain(token);

    const withKey = await signedIn(token);
    await withKey.get(`/console/organizations/${acme}`).expect(200);
    await request(test.baseUrl).get(`/admin/organizations/${acme}/api-keys`).set({ Authorization: `Bearer ${token}` }).expect(200);
  });

  it('refuses a bad label with a 400, the input kept and the problem next to the field, creating nothing', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const before = (await keysOf(acme)).length;
    const page = await agent.get(keysPage(acme)).expect(200);
    const long = 'x'.repeat(101);
    const refused = await agent.post(keysPage(acme)).type('form').send({ _csrf: csrfOf(page.text), name: long }).expect(400);
    expect(refused.text).toContain('No key was created');
    expect(refused.text).toMatch(new RegExp(`id="name"[^>]*value="${long}"[^>]*aria-invalid="true" aria-describedby="name-error"`));
    expect(refused.text).toMatch(/id="name-error">name must be shorter than or equal to 100 characters/);
    const empty = await agent.post(keysPage(acme)).type('form').send({ _csrf: csrfOf(page.text) }).expect(400);
    expect(empty.text).toMatch(/id="name-error">/);
    expect(await keysOf(acme)).toHaveLength(before);
  });

  it('revokes after a confirmation, audited; that key\'s console session is signed out on its next request and the admin API refuses it', async () => {
    const operatorAgent = await signedIn(TEST_ADMIN_TOKEN);
    const { token } = await createInConsole(operatorAgent, acme, 'support laptop');
    const key = (await keysOf(acme)).find((k) => k.name === 'support laptop')!;
    const keyAgent = await signedIn(token);
    await keyAgent.get(keysPage(acme)).expect(200);

    const confirmation = await operatorAgent.get(`${keysPage(acme)}/${key.id}/revoke`).expect(200);
    expect(confirmation.text).toContain('Revoke “support laptop”?');
    expect((await keysOf(acme)).find((k) => k.id === key.id)!.revokedAt).toBeNull();
    await operatorAgent.post(`${keysPage(acme)}/${key.id}/revoke`).type('form').send({ _csrf: csrfOf(confirmation.text) }).expect(303).expect('Location', `${keysPage(acme)}?done=revoked`);
    const after = await operatorAgent.get(`${keysPage(acme)}?done=revoked`).expect(200);
    expect(after.text).toContain('The key is revoked');
    expect((await keysOf(acme)).find((k) => k.id === key.id)!.revokedAt).not.toBeNull();
    expect((await auditOf(acme))[0]).toMatchObject({ actor: 'operator', action: 'api_key.revoked', changes: { apiKey: { from: { id: key.id }, to: null } } });

    const refused = await keyAgent.get(keysPage(acme)).expect(303).expect('Location', '/console');
    expect((refused.headers['set-cookie'] as unknown as string[]).join()).toMatch(/ocx_console_session=;/);
    await request(test.baseUrl).get(`/admin/organizations/${acme}`).set({ Authorization: `Bearer ${token}` }).expect(401);
    const again = await operatorAgent.get(`${keysPage(acme)}/${key.id}/revoke`).expect(200);
    expect(again.text).toContain('This key was revoked');
    expect(again.text).not.toContain('class="danger"');
  });

  it('lets an organization key do what it may on the REST routes: create and revoke its organization\'s keys, itself included, audited with its id', async () => {
    const own = (await request(test.baseUrl).post(`/admin/organizations/${acme}/api-keys`).set(operator).send({ name: 'self' }).expect(201)).body;
    const agent = await signedIn(own.token);
    const { token } = await createInConsole(agent, acme, 'made by a key');
    // The REST route allows the same key the same.
    await request(test.baseUrl).post(`/admin/organizations/${acme}/api-keys`).set({ Authorization: `Bearer ${own.token}` }).send({ name: 'made by a key on REST' }).expect(201);
    const made = (await keysOf(acme)).find((key) => key.name === 'made by a key')!;
    expect(made.createdBy).toBe(own.id);
    expect((await auditOf(acme)).find((entry) => entry.action === 'api_key.created' && (entry.changes.apiKey.to as { id: string }).id === made.id)!.actor).toBe(own.id);
    await request(test.baseUrl).get(`/admin/organizations/${acme}`).set({ Authorization: `Bearer ${token}` }).expect(200);

    const confirmation = await agent.get(`${keysPage(acme)}/${own.id}/revoke`).expect(200);
    expect(confirmation.text).toContain('You are signed in with this key: revoking it signs you out.');
    await agent.post(`${keysPage(acme)}/${own.id}/revoke`).type('form').send({ _csrf: csrfOf(confirmation.text) }).expect(303).expect('Location', '/console');
    expect((await auditOf(acme))[0]).toMatchObject({ actor: own.id, action: 'api_key.revoked' });
    const signIn = await agent.get('/console').expect(200);
    expect(signIn.text).toContain('Your session has ended');
    await agent.get(keysPage(acme)).expect(303).expect('Location', '/console');
    await request(test.baseUrl).get(`/admin/organizations/${acme}`).set({ Authorization: `Bearer ${own.token}` }).expect(401);
  });

  it('answers another organization\'s keys with a 404 for an organization key, as an unknown organization or key, changing nothing', async () => {
    const agent = await signedIn(acmeKey.token);
    const own = await agent.get(keysPage(acme)).expect(200);
    const csrf = csrfOf(own.text);
    const other = await agent.get(keysPage(beta)).expect(404);
    expect(other.text).not.toContain('beta console');
    await agent.post(keysPage(beta)).type('form').send({ _csrf: csrf, name: 'intruder' }).expect(404);
    await agent.get(`${keysPage(beta)}/${betaKey.id}/revoke`).expect(404);
    await agent.post(`${keysPage(beta)}/${betaKey.id}/revoke`).type('form').send({ _csrf: csrf }).expect(404);
    // Beta's key through Acme's address: no such key in Acme.
    await agent.get(`${keysPage(acme)}/${betaKey.id}/revoke`).expect(404);
    await agent.post(`${keysPage(acme)}/${betaKey.id}/revoke`).type('form').send({ _csrf: csrf }).expect(404);
    await agent.get(`${keysPage(acme)}/not-a-uuid/revoke`).expect(404);
    await agent.get('/console/organizations/not-a-uuid/keys').expect(404);
    expect((await keysOf(beta)).map((key) => [key.name, key.revokedAt])).toEqual([['beta console', null]]);
    // The REST routes refuse the same key with a 403 (they name what exists): the console says less.
    await request(test.baseUrl).get(`/admin/organizations/${beta}/api-keys`).set({ Authorization: `Bearer ${acmeKey.token}` }).expect(403);
    await request(test.baseUrl).get(`/admin/organizations/${beta}`).set({ Authorization: `Bearer ${betaKey.token}` }).expect(200);
  });

  it('refuses a create or a revoke without its form token with a 403, doing nothing; a foreign cursor is a 400', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    await agent.get(keysPage(beta)).expect(200);
    await agent.post(keysPage(beta)).type('form').send({ name: 'forged' }).expect(403);
    await agent.post(keysPage(beta)).type('form').send({ name: 'forged', _csrf: 'forged' }).expect(403);
    await agent.post(`${keysPage(beta)}/${betaKey.id}/revoke`).type('form').send({}).expect(403);
    expect((await keysOf(beta)).map((key) => [key.name, key.revokedAt])).toEqual([['beta console', null]]);
    await agent.get(`${keysPage(beta)}?cursor=not-a-cursor`).expect(400);
  });
});
