import request from 'supertest';
import { AssistFixture, expectOnlyPrivateNotesAndAddedTags, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { anotherOrganizationWithKey, consoleSignIn, csrfOf } from '../support/console-http';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

// The console's Connect Zendesk screen over the real app and the Zendesk simulator: the connection form, the
// token test, Create them for me (twice), the simulator's trigger delivering to our intake up to an internal
// note, the last webhook and a signed test delivery.
describe('the console Connect Zendesk screen (real PostgreSQL, Zendesk simulator)', () => {
  let app: AssistFixture;
  const signedIn = (token: string) => consoleSignIn(app.test.baseUrl, token);
  const screen = () => `/console/organizations/${app.organizationId}/zendesk`;
  // A form of the screen, posted with the token of the page just read; its answer must have `status`.
  async function post(agent: Awaited<ReturnType<typeof signedIn>>, action: string, status: number, fields: Record<string, string> = {}) {
    const page = await agent.get(screen()).expect(200);
    return agent.post(`${screen()}/${action}`).type('form').send({ _csrf: csrfOf(page.text), ...fields }).expect(status);
  }
  const connection = (apiToken: string) => ({ subdomain: '', baseUrl: app.zendesk.baseUrl, email: 'agent@example.com', apiToken });
  const audit = async () =>
    (await request(app.test.baseUrl).get(`/admin/organizations/${app.organizationId}/audit`).set(app.auth).expect(200)).body.items as { actor: string; changes: Record<string, unknown> }[];

  // Our webhook URL must reach this app: PUBLIC_BASE_URL names its port. The suite writes webhooks and triggers,
  // so the fixture's private-notes-only check is replaced by the one in the last test.
  beforeAll(async () => {
    app = await startAssistFixture({ ownPublicAddress: true, checkZendeskWrites: false });
  });
  afterAll(() => app?.close());

  it('is linked from the organization page and shows the connection, the webhook URL and the definitions, never the token', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const organization = await agent.get(`/console/organizations/${app.organizationId}`).expect(200);
    expect(organization.text).toContain(`href="${screen()}"`);
    const page = await agent.get(screen()).expect(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.text).not.toMatch(/<script|<style|style=/);
    expect(page.text).toContain(`value="${app.zendesk.baseUrl}"`);
    expect(page.text).toContain('value="agent@example.com"');
    expect(page.text).not.toContain('sim-token');
    expect(page.text).toContain(`<code>${app.webhookUrl}</code>`);
    expect(page.text).toContain('&#34;subscriptions&#34;: [\n      &#34;conditional_ticket_events&#34;');
    expect(page.text).toContain('&#34;notification_webhook&#34;');
    expect(page.text).toContain('{{ticket.id}}');
    expect(page.text).toContain('None yet');
  });

  it('tests the token: who it is and what it allows; a wrong token gets a clear message, not an error page', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const ok = await post(agent, 'test', 200);
    expect(ok.text).toContain('<strong>API Agent</strong> (agent@example.com), role <code>agent</code>');
    expect(ok.text).toContain('create them by hand');
    app.zendesk.setApiUserRole('end-user');
    expect((await post(agent, 'test', 200)).text).toContain('this user can neither read tickets nor post notes');
    app.zendesk.setApiUserRole('agent');

    expect((await post(agent, 'connection', 303, connection('a-wrong-token'))).headers.location).toBe(`${screen()}?done=saved`);
    expect((await audit())[0]).toMatchObject({ actor: 'operator', changes: { 'zendesk.apiToken': expect.anything() } });
    const refused = await post(agent, 'test', 200);
    expect(refused.text).toContain('Zendesk refused these credentials (401)');

    await post(agent, 'connection', 303, connection('sim-token'));
    // A blank token keeps the stored one.
    await post(agent, 'connection', 303, connection(''));
    expect((await post(agent, 'test', 200)).text).toContain('role <code>agent</code>');

    const invalid = await post(agent, 'connection', 400, { ...connection(''), email: 'not-an-email', baseUrl: '' });
    expect(invalid.text).toContain('id="email-error"');
    expect(invalid.text).toContain('Enter the Zendesk subdomain');
  });

  it('Create them for me: a non-admin token is told to create them by hand; nothing is created', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const refused = await post(agent, 'webhook', 502);
    expect(refused.text).toContain('This token’s user is not an admin');
    expect(app.zendesk.webhookSettings.webhooks).toHaveLength(0);
  });

  it('Create them for me, twice: one webhook and one trigger, the signing secret stored, and the trigger then brings a first internal note', async () => {
    app.zendesk.setApiUserRole('admin');
    app.zendesk.webhookSettings.pageSize = 1;
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    expect((await post(agent, 'webhook', 303)).headers.location).toBe(`${screen()}?done=created-created`);
    const { webhooks, triggers } = app.zendesk.webhookSettings;
    expect(webhooks).toEqual([expect.objectContaining({ endpoint: app.webhookUrl, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'] })]);
    expect(webhooks[0]).not.toHaveProperty('authentication');
    expect(triggers).toEqual([expect.objectContaining({ actions: [{ field: 'notification_webhook', value: [webhooks[0].id, '{ "ticket_id": "{{ticket.id}}" }'] }] })]);
    expect((await audit())[0]).toMatchObject({ actor: 'operator', changes: { webhookSigningSecret: expect.anything() } });

    const again = await post(agent, 'webhook', 303);
    expect(again.headers.location).toBe(`${screen()}?done=reused-reused`);
    expect((await agent.get(again.headers.location).expect(200)).text).toContain('nothing new was created');
    expect(app.zendesk.webhookSettings.webhooks).toHaveLength(1);
    expect(app.zendesk.webhookSettings.triggers).toHaveLength(1);

    // The old secret no longer signs: the stored one is the webhook's.
    expect((await app.zendesk.fireWebhook(app.webhookUrl, SIGNING_SECRET, { ticket_id: '1' })).status).toBe(401);

    const ticket = app.zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    const deliveries = await app.zendesk.deliveriesSettled();
    expect(deliveries).toEqual([expect.objectContaining({ ticketId: String(ticket.id), status: 202 })]);
    const [decision] = await waitForDecisions(app.test, app.organizationId, ticket.id, 1);
    expect(decision.outcome).toBe('suggested');
    expect(app.zendesk.getTicket(ticket.id).comments.filter((comment) => !comment.public)).toHaveLength(1);

    const page = await agent.get(screen()).expect(200);
    expect(page.text).toContain('accepted: Assist queued the ticket');
    expect(page.text).toContain(`href="/console/organizations/${app.organizationId}/tickets/${ticket.id}"`);
  });

  it('the last webhook shows a refused delivery and why', async () => {
    await app.zendesk.fireWebhook(app.webhookUrl, 'not-the-secret', { ticket_id: '424242' });
    const page = await (await signedIn(TEST_ADMIN_TOKEN)).get(screen()).expect(200);
    expect(page.text).toContain('refused: bad signature');
    expect(page.text).toContain(`tickets/424242"`);
  });

  it('Send a test signs a delivery through the same intake and shows its verdict with the ticket’s timeline', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const bad = await post(agent, 'send-test', 400, { ticketId: 'twelve' });
    expect(bad.text).toContain('id="ticketId-error"');
    expect(bad.text).toContain('value="twelve"');

    const ticket = app.zendesk.createTicket({ subject: 'Parcel', body: 'Where is my parcel? I want tracking.' });
    await app.zendesk.deliveriesSettled();
    await waitForDecisions(app.test, app.organizationId, ticket.id, 1);
    const sent = await post(agent, 'send-test', 200, { ticketId: String(ticket.id) });
    expect(sent.text).toMatch(/Accepted as event [0-9a-f-]{36}/);
    expect(sent.text).toContain(`href="/console/organizations/${app.organizationId}/tickets/${ticket.id}"`);
    await waitForDecisions(app.test, app.organizationId, ticket.id, 2);
    const story = await agent.get(`/console/organizations/${app.organizationId}/tickets/${ticket.id}`).expect(200);
    expect(story.text.match(/accepted/gi)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('refuses every form without its CSRF token: 403, nothing done', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    await agent.get(screen()).expect(200);
    await agent.post(`${screen()}/webhook`).type('form').send({}).expect(403);
    await agent.post(`${screen()}/connection`).type('form').send(connection('stolen')).expect(403);
    await agent.post(`${screen()}/send-test`).type('form').send({ ticketId: '1' }).expect(403);
    expect((await post(agent, 'test', 200)).text).toContain('role <code>admin</code>');
    expect(app.zendesk.webhookSettings.webhooks).toHaveLength(1);
  });

  it("lets the organization's own key in and answers 404 to another organization's key", async () => {
    const ownKey = (await request(app.test.baseUrl).post(`/admin/organizations/${app.organizationId}/api-keys`).set(app.auth).send({ name: 'console' }).expect(201)).body;
    const { id: other, token: otherKey } = await anotherOrganizationWithKey(app.test.baseUrl);

    const own = await signedIn(ownKey.token);
    await own.get(screen()).expect(200);
    const foreign = await signedIn(otherKey);
    const page = await foreign.get(screen()).expect(404);
    expect(page.text).not.toContain(app.zendesk.baseUrl);
    const form = await foreign.get(`/console/organizations/${other}/zendesk`).expect(200);
    expect(form.text).toContain('value="beta"');
    await foreign.post(`${screen()}/webhook`).type('form').send({ _csrf: csrfOf(form.text) }).expect(404);
    expect(app.zendesk.webhookSettings.webhooks).toHaveLength(1);
  });

  it('wrote to Zendesk only the webhook, the trigger, private notes and added tags', () => {
    expectOnlyPrivateNotesAndAddedTags(app.zendesk, [], { connectedFromConsole: true });
  });
});
