import request from 'supertest';
import { NO_ASSIST_TOPIC_TAG } from '../../src/modules/assist/domain/assist-policy';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// The console's Tickets screen over the real app: tickets driven through the webhook and the Zendesk simulator,
// then read back as the decision log and each ticket's timeline.
describe('the console Tickets screen (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  // The fixture's, once started.
  let app: { zendesk: ZendeskSimulator; test: TestApp; organizationId: string; webhookUrl: string; auth: Record<string, string> };
  let suggestedTicket: number;
  let legalTicket: number;

  const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];
  async function signedIn(token: string) {
    const agent = request.agent(app.test.baseUrl);
    const form = await agent.get('/console').expect(200);
    await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(303);
    return agent;
  }

  beforeAll(async () => {
    fixture = await startAssistFixture();
    app = fixture;
    const { zendesk, test, organizationId, webhookUrl } = app;
    const fire = (id: number) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(id) });
    suggestedTicket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' }).id;
    await fire(suggestedTicket);
    await waitForDecisions(test, organizationId, suggestedTicket, 1);
    legalTicket = zendesk.createTicket({ subject: 'Complaint', body: 'My lawyer will file a lawsuit about my password.' }).id;
    await fire(legalTicket);
    await waitForDecisions(test, organizationId, legalTicket, 1);
  });

  afterAll(() => fixture?.close());

  const tickets = () => `/console/organizations/${app.organizationId}/tickets`;

  it('lists the latest decisions newest first, each with its ticket link, outcome, reason, topics and tags', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const organization = await agent.get(`/console/organizations/${app.organizationId}`).expect(200);
    expect(organization.text).toContain(`href="${tickets()}"`);

    const list = await agent.get(tickets()).expect(200);
    expect(list.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(list.text).not.toMatch(/<script|<style|style=/);
    const legalAt = list.text.indexOf(`href="${tickets()}/${legalTicket}"`);
    const suggestedAt = list.text.indexOf(`href="${tickets()}/${suggestedTicket}"`);
    expect(legalAt).toBeGreaterThan(-1);
    expect(suggestedAt).toBeGreaterThan(legalAt);
    expect(list.text).toContain('<code>no_assist_topic</code>');
    expect(list.text).toContain('Legal (no-assist): <code>keyword:lawsuit</code>');
    expect(list.text).toContain(`<code>${NO_ASSIST_TOPIC_TAG}</code>`);
  });

  it('narrows the list with the GET form filters, and pages with an "older" link that keeps them', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const skipped = await agent.get(tickets()).query({ outcome: 'skipped', reason: '', from: '', to: '', ticketId: '' }).expect(200);
    expect(skipped.text).toContain(`${tickets()}/${legalTicket}"`);
    expect(skipped.text).not.toContain(`${tickets()}/${suggestedTicket}"`);
    expect(skipped.text).toContain('<option value="skipped" selected>');

    const byTicket = await agent.get(tickets()).query({ ticketId: String(suggestedTicket) }).expect(200);
    expect(byTicket.text).toContain(`${tickets()}/${suggestedTicket}"`);
    expect(byTicket.text).not.toContain(`${tickets()}/${legalTicket}"`);

    const byTopic = await agent.get(tickets()).query({ topic: 'Legal' }).expect(200);
    expect(byTopic.text).toContain(`${tickets()}/${legalTicket}"`);
    expect(byTopic.text).not.toContain(`${tickets()}/${suggestedTicket}"`);
    expect(byTopic.text).toContain('id="topic" name="topic" value="Legal"');
    const noTopic = await agent.get(tickets()).query({ topic: 'Leg' }).expect(200);
    expect(noTopic.text).toContain('No decisions recorded for these filters.');

    const byReason = await agent.get(tickets()).query({ reason: 'suggested' }).expect(200);
    expect(byReason.text).not.toContain(`${tickets()}/${legalTicket}"`);

    const future = await agent.get(tickets()).query({ from: '2999-01-01' }).expect(200);
    expect(future.text).toContain('No decisions recorded for these filters.');

    // Another decision on the suggested ticket, so that a page of one has an older page.
    await app.zendesk.fireWebhook(app.webhookUrl, SIGNING_SECRET, { ticket_id: String(suggestedTicket) });
    await waitForDecisions(app.test, app.organizationId, suggestedTicket, 2);
    const all = await agent.get(tickets()).query({ ticketId: String(suggestedTicket) }).expect(200);
    expect(all.text.match(/<td><code>(suggested|duplicate)<\/code><\/td>/g)).toEqual(['<td><code>duplicate</code></td>', '<td><code>suggested</code></td>']);
    const first = await agent.get(tickets()).query({ ticketId: String(suggestedTicket), limit: '1' }).expect(200);
    expect(first.text.match(/<td><code>(suggested|duplicate)<\/code><\/td>/g)).toEqual(['<td><code>duplicate</code></td>']);
    const older = /href="([^"]+)">Older decisions<\/a>/.exec(first.text)![1].replace(/&#38;/g, '&');
    expect(older).toContain(`ticketId=${suggestedTicket}`);
    const second = await agent.get(older).expect(200);
    expect(second.text.match(/<td><code>(suggested|duplicate)<\/code><\/td>/g)).toEqual(['<td><code>suggested</code></td>']);
    expect(second.text).not.toContain('Older decisions');
  });

  it('answers a bad filter or a foreign cursor with the page, a clear message and a 400, never a 500', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const bad = await agent.get(tickets()).query({ outcome: 'exploded', from: 'yesterday', ticketId: 'abc' }).expect(400);
    expect(bad.text).toContain('These filters could not be used');
    expect(bad.text).toMatch(/id="outcome"[^>]*aria-invalid="true"/);
    expect(bad.text).toMatch(/id="from"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('ticketId must be a Zendesk ticket id');
    // What the admin typed comes back, escaped.
    expect(bad.text).toContain('value="yesterday"');
    const reason = await agent.get(tickets()).query({ reason: '<script>' }).expect(400);
    expect(reason.text).not.toContain('<script>');
    const cursor = await agent.get(tickets()).query({ cursor: 'not-a-cursor' }).expect(400);
    expect(cursor.text).toContain('not one this page made');
    const longTopic = await agent.get(tickets()).query({ topic: 'x'.repeat(121) }).expect(400);
    expect(longTopic.text).toMatch(/id="topic"[^>]*aria-invalid="true"/);
    const twice = await agent.get(`${tickets()}?outcome=skipped&outcome=failed&ticketId=1&ticketId=2`).expect(400);
    expect(twice.text).toMatch(/id="outcome"[^>]*aria-invalid="true"/);
    expect(twice.text).toMatch(/id="ticketId"[^>]*aria-invalid="true"/);
    const limit = await agent.get(tickets()).query({ limit: '5000' }).expect(400);
    expect(limit.text).toContain('limit must not be greater than 100');
  });

  it("shows a ticket's timeline: the webhook, the decision's reason, retrieval, sourcing against its threshold, the note and its sources", async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const story = await agent.get(`${tickets()}/${suggestedTicket}`).expect(200);
    expect(story.text).toContain(`Ticket #${suggestedTicket}`);
    expect(story.text).toContain('Webhook accepted');
    expect(story.text).toContain('Decision: suggested, <code>suggested</code>');
    expect(story.text).toContain('How to reset your password');
    expect(story.text).toMatch(/probability \d\.\d{3} against threshold [\d.]+: sourced/);
    expect(story.text).toContain('Note posted');
    expect(story.text).toContain('<a href="https://help.acme.test/hc/en-us/articles/101">How to reset your password</a>');
    expect(story.text).toContain('Decision: skipped, <code>duplicate</code>');

    const legal = await agent.get(`${tickets()}/${legalTicket}`).expect(200);
    expect(legal.text).toContain('Decision: skipped, <code>no_assist_topic</code>');
    expect(legal.text).toContain('Legal (no-assist): <code>keyword:lawsuit</code>');
    expect(legal.text).toContain(NO_ASSIST_TOPIC_TAG);
  });

  it('answers a malformed ticket id with a 400 page, and an unknown one with a page saying nothing was recorded', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const malformed = await agent.get(`${tickets()}/not-a-ticket`).expect(400);
    expect(malformed.text).toContain('Not a ticket id');
    const unknown = await agent.get(`${tickets()}/987654321`).expect(200);
    expect(unknown.text).toContain('Nothing was recorded for this ticket');
  });

  it("lets the organization's own key in, answers 404 to another organization's key and redirects without a session", async () => {
    const { test, organizationId, auth } = app;
    const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const ownKey = (await request(test.baseUrl).post(`/admin/organizations/${organizationId}/api-keys`).set(auth).send({ name: 'console' }).expect(201)).body;
    const other = (
      await request(test.baseUrl)
        .post('/admin/organizations')
        .set(operator)
        .send({ name: 'Beta', zendesk: { subdomain: 'beta', email: 'agent@beta.test', apiToken: 'zendesk-token' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' })
        .expect(201)
    ).body.id;
    const otherKey = (await request(test.baseUrl).post(`/admin/organizations/${other}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body;

    const own = await signedIn(ownKey.token);
    await own.get(tickets()).expect(200);
    await own.get(`${tickets()}/${suggestedTicket}`).expect(200);

    const foreign = await signedIn(otherKey.token);
    const list = await foreign.get(tickets()).expect(404);
    expect(list.text).not.toContain(String(suggestedTicket));
    const story = await foreign.get(`${tickets()}/${suggestedTicket}`).expect(404);
    expect(story.text).not.toContain('How to reset your password');
    await foreign.get(`${tickets()}/not-a-ticket`).expect(404);

    await request(test.baseUrl).get(tickets()).expect(303).expect('Location', '/console');
    await (await signedIn(TEST_ADMIN_TOKEN)).get('/console/organizations/00000000-0000-4000-8000-000000000000/tickets').expect(404);
  });
});
