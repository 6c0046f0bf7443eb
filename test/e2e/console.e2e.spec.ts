import request from 'supertest';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

const REGISTRATION = (name: string) => ({
  name,
  zendesk: { subdomain: name.toLowerCase(), email: 'agent@acme.test', apiToken: 'zendesk-token-secret' },
  webhookSigningSecret: 'webhook-signing-secret-0123456789',
});

// The admin console over HTTP: sessions, CSRF, who may see what, and settings saved through the admin API's service.
describe('the admin console at /console (real PostgreSQL)', () => {
  let test: TestApp;
  let acme: string;
  let beta: string;
  let acmeKey: { id: string; token: string };
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    test = await startTestApp();
    acme = (await request(test.baseUrl).post('/admin/organizations').set(operator).send(REGISTRATION('Acme')).expect(201)).body.id;
    beta = (await request(test.baseUrl).post('/admin/organizations').set(operator).send(REGISTRATION('Beta')).expect(201)).body.id;
    acmeKey = (await request(test.baseUrl).post(`/admin/organizations/${acme}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body;
  });

  afterAll(async () => {
    await test?.close();
  });

  const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];

  // A browser: a cookie jar, and the form token of the page it last opened.
  async function signedIn(token: string) {
    const agent = request.agent(test.baseUrl);
    const form = await agent.get('/console').expect(200);
    const response = await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(303);
    return { agent, response };
  }

  it('shows the sign-in form to a browser without a session, under the pages\' CSP, without inline script or style', async () => {
    const response = await request(test.baseUrl).get('/console').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'.*form-action 'self'/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain('Sign in to the admin console');
    expect(response.text).not.toMatch(/<script|<style|style=/);
  });

  it('signs the operator in with a signed, HttpOnly, strict, /console-only cookie that never holds the token', async () => {
    const { agent, response } = await signedIn(TEST_ADMIN_TOKEN);
    expect(response.headers.location).toBe('/console/organizations');
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((set) => set.startsWith('ocx_console_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/console(;|$)/);
    expect(cookie).toMatch(/; Max-Age=28800/);
    // Over plain http (PUBLIC_BASE_URL http://…) a Secure cookie would never come back.
    expect(cookie).not.toMatch(/; Secure/);
    const value = decodeURIComponent(cookie.split(';')[0].split('=')[1]);
    expect(value).not.toContain(TEST_ADMIN_TOKEN);
    expect(Buffer.from(value.split('.')[0], 'base64url').toString()).toMatch(/"sub":"operator"/);

    const list = await agent.get('/console/organizations').expect(200);
    expect(list.text).toContain('Acme');
    expect(list.text).toContain(`/console/organizations/${beta}`);
  });

  it('answers a wrong token with the form again and a 401, setting no session and echoing nothing', async () => {
    for (const token of ['not-the-token', `ocx_org_${'x'.repeat(43)}`, '']) {
      const agent = request.agent(test.baseUrl);
      const form = await agent.get('/console').expect(200);
      const response = await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(401);
      expect(response.text).toContain('That is not the operator token or a live organization API key');
      if (token) expect(response.text).not.toContain(token);
      expect(((response.headers['set-cookie'] as unknown as string[]) ?? []).some((set) => set.startsWith('ocx_console_session='))).toBe(false);
      await agent.get('/console/organizations').expect(303).expect('Location', '/console');
    }
  });

  it('refuses every post without its form token with a 403, signing in included, and changes nothing', async () => {
    const anonymous = request.agent(test.baseUrl);
    await anonymous.get('/console').expect(200);
    await anonymous.post('/console/sign-in').type('form').send({ token: TEST_ADMIN_TOKEN }).expect(403);
    await anonymous.post('/console/sign-in').type('form').send({ token: TEST_ADMIN_TOKEN, _csrf: 'forged' }).expect(403);

    const { agent } = await signedIn(TEST_ADMIN_TOKEN);
    await agent.post(`/console/organizations/${beta}/settings`).type('form').send({ noteLanguage: 'fr', handoffTag: 'x' }).expect(403);
    await agent.post('/console/organizations').type('form').send(REGISTRATION('Gamma')).expect(403);
    await agent.post(`/console/organizations/${beta}/delete`).type('form').send({}).expect(403);
    await agent.post('/console/sign-out').type('form').send({}).expect(403);
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${beta}`).set(operator).expect(200);
    expect(body.settings.noteLanguage).toBe('en');
    await agent.get('/console/organizations').expect(200);
  });

  it('takes an organization key straight to its organization; the operator\'s pages answer 403, another organization 404', async () => {
    const { agent, response } = await signedIn(acmeKey.token);
    expect(response.headers.location).toBe(`/console/organizations/${acme}`);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((set) => set.startsWith('ocx_console_session='))!;
    expect(cookie).not.toContain(acmeKey.token);
    await agent.get('/console').expect(303).expect('Location', `/console/organizations/${acme}`);
    const own = await agent.get(`/console/organizations/${acme}`).expect(200);
    expect(own.text).not.toContain('Delete this organization');
    const csrf = csrfOf(own.text);
    await agent.get('/console/organizations').expect(403);
    await agent.post('/console/organizations').type('form').send({ ...REGISTRATION('Gamma'), _csrf: csrf }).expect(403);
    await agent.get(`/console/organizations/${acme}/delete`).expect(403);
    await agent.post(`/console/organizations/${acme}/delete`).type('form').send({ _csrf: csrf }).expect(403);
    const other = await agent.get(`/console/organizations/${beta}`).expect(404);
    expect(other.text).not.toContain('Beta');
    await agent.post(`/console/organizations/${beta}/settings`).type('form').send({ _csrf: csrf, noteLanguage: 'fr' }).expect(404);
    await agent.get('/console/organizations/not-a-uuid').expect(404);
    await request(test.baseUrl).get(`/admin/organizations/${acme}`).set(operator).expect(200);
  });

  it('signs a revoked key out on its next request', async () => {
    const key = (await request(test.baseUrl).post(`/admin/organizations/${acme}/api-keys`).set(operator).send({ name: 'soon revoked' }).expect(201)).body;
    const { agent } = await signedIn(key.token);
    await agent.get(`/console/organizations/${acme}`).expect(200);
    await request(test.baseUrl).delete(`/admin/organizations/${acme}/api-keys/${key.id}`).set(operator).expect(200);
    const refused = await agent.get(`/console/organizations/${acme}`).expect(303).expect('Location', '/console');
    expect((refused.headers['set-cookie'] as unknown as string[]).join()).toMatch(/ocx_console_session=;.*Expires=Thu, 01 Jan 1970/);
    const form = await agent.get('/console').expect(200);
    expect(form.text).toContain('Sign in to the admin console');
  });

  it('saves settings through the admin API\'s service: persisted, audited, shown in the latest changes', async () => {
    const { agent } = await signedIn(TEST_ADMIN_TOKEN);
    const page = await agent.get(`/console/organizations/${beta}`).expect(200);
    expect(page.text).toContain(`${test.config.publicBaseUrl}/webhooks/zendesk/${beta}`);
    expect(page.text).toContain('https://beta.zendesk.com');
    const saved = await agent
      .post(`/console/organizations/${beta}/settings`)
      .type('form')
      .send(
        'assistEnabled=on&actionableStatuses=new&actionableStatuses=open&noteLanguage=de&handoffTag=handoff&noAssistMatching=balanced' +
          `&zendeskRequestsPerMinute=700&questionRetentionDays=30&_csrf=${encodeURIComponent(csrfOf(page.text))}`,
      )
      .expect(303);
    expect(saved.headers.location).toBe(`/console/organizations/${beta}?done=saved`);
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${beta}`).set(operator).expect(200);
    expect(body.settings).toMatchObject({
      assistEnabled: true,
      respondOnlyWithPotentialAnswers: false,
      actionableStatuses: ['new', 'open'],
      noteLanguage: 'de',
      handoffTag: 'handoff',
      guideWriteBack: false,
      noAssistMatching: 'balanced',
      zendeskRequestsPerMinute: 700,
      questionRetentionDays: 30,
    });
    const { body: audit } = await request(test.baseUrl).get(`/admin/organizations/${beta}/audit`).set(operator).expect(200);
    expect(audit.items[0]).toMatchObject({ actor: 'operator', action: 'settings.updated', changes: { assistEnabled: { from: false, to: true }, noteLanguage: { from: 'en', to: 'de' } } });
    const after = await agent.get(saved.headers.location).expect(200);
    expect(after.text).toContain('Settings saved.');
    expect(after.text).toMatch(/settings\.updated[\s\S]*<code>noteLanguage<\/code>: en → de/);
    expect(after.text).toMatch(/id="assistEnabled" name="assistEnabled" checked/);
  });

  it('refuses invalid settings with the problems next to the fields and the admin\'s input kept, saving nothing', async () => {
    const { agent } = await signedIn(TEST_ADMIN_TOKEN);
    const page = await agent.get(`/console/organizations/${acme}`).expect(200);
    const refused = await agent
      .post(`/console/organizations/${acme}/settings`)
      .type('form')
      .send(`assistEnabled=on&noteLanguage=fr&handoffTag=not%20a%20tag!&zendeskRequestsPerMinute=5&questionRetentionDays=ten&noAssistMatching=strict&_csrf=${encodeURIComponent(csrfOf(page.text))}`)
      .expect(400);
    expect(refused.text).toContain('Nothing was saved');
    expect(refused.text).toMatch(/id="handoffTag"[^>]*value="not a tag!"[^>]*aria-invalid="true" aria-describedby="handoffTag-error"/);
    expect(refused.text).toMatch(/id="handoffTag-error">handoffTag must be a Zendesk tag/);
    expect(refused.text).toMatch(/id="zendeskRequestsPerMinute"[^>]*value="5"/);
    expect(refused.text).toMatch(/id="zendeskRequestsPerMinute-error">zendeskRequestsPerMinute must not be less than 10/);
    expect(refused.text).toMatch(/id="questionRetentionDays"[^>]*value="ten"/);
    expect(refused.text).toMatch(/<option value="fr" selected>/);
    expect(refused.text).toMatch(/id="assistEnabled" name="assistEnabled" checked/);
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${acme}`).set(operator).expect(200);
    expect(body.settings).toMatchObject({ assistEnabled: false, noteLanguage: 'en', zendeskRequestsPerMinute: 400 });
  });

  it('saves the sign-off, dedupe window and sync interval with the DTO\'s limits on the inputs, audited; out of range is a 400 with the input kept', async () => {
    const { agent } = await signedIn(acmeKey.token);
    const page = await agent.get(`/console/organizations/${acme}`).expect(200);
    expect(page.text).toMatch(/id="signOff" name="signOff" required maxlength="200" value="Best regards"/);
    expect(page.text).toMatch(/id="dedupeWindowHours" name="dedupeWindowHours" required min="1" max="720" step="1" value="48"/);
    expect(page.text).toMatch(/id="helpCenterSyncMinutes" name="helpCenterSyncMinutes" required min="1" max="10080" step="1" value="15"/);
    const form = (changes: string) =>
      `noteLanguage=en&handoffTag=assist-handoff&noAssistMatching=strict&zendeskRequestsPerMinute=400&questionRetentionDays=90&actionableStatuses=new&${changes}&_csrf=${encodeURIComponent(csrfOf(page.text))}`;

    const refused = await agent.post(`/console/organizations/${acme}/settings`).type('form').send(form('signOff=&dedupeWindowHours=721&helpCenterSyncMinutes=0')).expect(400);
    expect(refused.text).toContain('Nothing was saved');
    expect(refused.text).toMatch(/id="signOff"[^>]*value=""[^>]*aria-invalid="true" aria-describedby="signOff-error"/);
    expect(refused.text).toMatch(/id="dedupeWindowHours"[^>]*value="721"[^>]*aria-invalid="true"/);
    expect(refused.text).toMatch(/id="dedupeWindowHours-error">dedupeWindowHours must not be greater than 720/);
    expect(refused.text).toMatch(/id="helpCenterSyncMinutes"[^>]*value="0"/);
    expect(refused.text).toMatch(/id="helpCenterSyncMinutes-error">helpCenterSyncMinutes must not be less than 1/);
    const unchanged = await request(test.baseUrl).get(`/admin/organizations/${acme}`).set(operator).expect(200);
    expect(unchanged.body.settings).toMatchObject({ signOff: 'Best regards', dedupeWindowHours: 48, helpCenterSyncMinutes: 15 });

    await agent.post(`/console/organizations/${acme}/settings`).type('form').send(form('signOff=Cheers%2C%20the%20Acme%20team&dedupeWindowHours=720&helpCenterSyncMinutes=60')).expect(303);
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${acme}`).set(operator).expect(200);
    expect(body.settings).toMatchObject({ signOff: 'Cheers, the Acme team', dedupeWindowHours: 720, helpCenterSyncMinutes: 60 });
    const { body: audit } = await request(test.baseUrl).get(`/admin/organizations/${acme}/audit`).set(operator).expect(200);
    expect(audit.items[0]).toMatchObject({
      actor: acmeKey.id,
      action: 'settings.updated',
      changes: { signOff: { from: 'Best regards', to: 'Cheers, the Acme team' }, dedupeWindowHours: { from: 48, to: 720 }, helpCenterSyncMinutes: { from: 15, to: 60 } },
    });
    const after = await agent.get(`/console/organizations/${acme}`).expect(200);
    expect(after.text).toMatch(/<code>dedupeWindowHours<\/code>: 48 → 720/);
    expect(after.text).toMatch(/id="signOff"[^>]*value="Cheers, the Acme team"/);
  });

  it('creates an organization from the form, keeping the input of a refused one, and deletes it after a confirmation', async () => {
    const { agent } = await signedIn(TEST_ADMIN_TOKEN);
    const list = await agent.get('/console/organizations').expect(200);
    const csrf = csrfOf(list.text);
    const refused = await agent
      .post('/console/organizations')
      .type('form')
      .send({ _csrf: csrf, name: 'Gamma', subdomain: 'gamma', email: 'not-an-email', apiToken: 'zendesk-token-secret', webhookSigningSecret: 'short' })
      .expect(400);
    expect(refused.text).toMatch(/id="name"[^>]*value="Gamma"/);
    expect(refused.text).toMatch(/id="email"[^>]*aria-invalid="true"[^>]*value="not-an-email"/);
    expect(refused.text).toMatch(/id="email-error">zendesk.email must be an email/);
    expect(refused.text).toMatch(/id="webhookSigningSecret-error">webhookSigningSecret must be longer than or equal to 16 characters/);
    expect(refused.text).not.toContain('zendesk-token-secret');
    const badSubdomain = await agent
      .post('/console/organizations')
      .type('form')
      .send({ _csrf: csrf, name: 'Gamma', subdomain: 'not a subdomain', email: 'a@gamma.test', apiToken: 't', webhookSigningSecret: 'webhook-signing-secret-0123456789' })
      .expect(400);
    expect(badSubdomain.text).toMatch(/id="subdomain-error">Invalid Zendesk subdomain/);

    const created = await agent
      .post('/console/organizations')
      .type('form')
      .send({ _csrf: csrf, name: 'Gamma', subdomain: 'gamma', email: 'a@gamma.test', apiToken: 't', webhookSigningSecret: 'webhook-signing-secret-0123456789' })
      .expect(303);
    const gamma = /\/console\/organizations\/([0-9a-f-]{36})\?done=created$/.exec(created.headers.location)![1];
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${gamma}`).set(operator).expect(200);
    expect(body).toMatchObject({ name: 'Gamma', zendesk: { baseUrl: 'https://gamma.zendesk.com', email: 'a@gamma.test' } });

    const confirmation = await agent.get(`/console/organizations/${gamma}/delete`).expect(200);
    expect(confirmation.text).toContain('Delete Gamma?');
    await agent.post(`/console/organizations/${gamma}/delete`).type('form').send({ _csrf: csrfOf(confirmation.text) }).expect(303).expect('Location', '/console/organizations?done=deleted');
    const after = await agent.get('/console/organizations?done=deleted').expect(200);
    expect(after.text).toContain('The organization and all its data are deleted.');
    expect(after.text).not.toContain('Gamma');
    await request(test.baseUrl).get(`/admin/organizations/${gamma}`).set(operator).expect(404);
  });

  it('signs out: the cookie is cleared and the pages send the browser back to the sign-in form', async () => {
    const { agent } = await signedIn(TEST_ADMIN_TOKEN);
    const page = await agent.get('/console/organizations').expect(200);
    const out = await agent.post('/console/sign-out').type('form').send({ _csrf: csrfOf(page.text) }).expect(303).expect('Location', '/console?signed-out');
    expect((out.headers['set-cookie'] as unknown as string[]).join()).toMatch(/ocx_console_session=;/);
    await agent.get('/console/organizations').expect(303).expect('Location', '/console');
    const form = await agent.get('/console?signed-out').expect(200);
    expect(form.text).toContain('You are signed out.');
  });
});
