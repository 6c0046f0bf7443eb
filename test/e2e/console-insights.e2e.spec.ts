import request from 'supertest';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { keysForTenancy, consoleSignIn } from '../support/console-http';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

const utcDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

// The console's Insights over the real app: the page and its JSON for the session, the same numbers as the admin API.
describe('the console Insights screen (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;

  const signedIn = (token: string) => consoleSignIn(fixture.test.baseUrl, token);
  const insights = () => `/console/organizations/${fixture.organizationId}/insights`;
  const rest = (query: Record<string, string>) =>
    request(fixture.test.baseUrl).get(`/admin/organizations/${fixture.organizationId}/insights`).query(query).set(fixture.auth).expect(200);

  beforeAll(async () => {
    fixture = await startAssistFixture({ settings: { respondOnlyWithPotentialAnswers: true } });
    const { zendesk, test, organizationId, webhookUrl } = fixture;
    for (const body of ['I forgot my password. How do I reset it?', 'Can I pay with bitcoin?']) {
      const ticket = zendesk.createTicket({ subject: 'Question', body });
      await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
      await waitForDecisions(test, organizationId, ticket.id);
    }
  });

  afterAll(() => fixture?.close());

  it('answers the same figures as GET /admin/organizations/:id/insights for the same period, the default one included', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const period = { from: utcDay(-6), to: utcDay(1) };
    const data = await agent.get(`${insights()}/data`).query(period).expect(200).expect('Content-Type', /application\/json/);
    expect(data.headers['cache-control']).toBe('no-store');
    expect(data.body).toEqual((await rest(period)).body);
    expect(data.body.period).toEqual(period);
    expect(data.body.suggestionsPerDay).toHaveLength(7);
    expect(data.body.acceptanceOverall.total).toBe(1);
    expect(data.body.knowledgeGaps).toHaveLength(1);

    const byDefault = await agent.get(`${insights()}/data`).expect(200);
    expect(byDefault.body).toEqual((await rest({})).body);
    expect(byDefault.body.suggestionsPerDay).toHaveLength(30);
  });

  it('answers a bad period, or a field it does not know, with a JSON 400 naming the problem', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const reversed = await agent.get(`${insights()}/data`).query({ from: '2026-02-01', to: '2026-01-01' }).expect(400).expect('Content-Type', /json/);
    expect(JSON.stringify(reversed.body)).toContain('to must be after from');
    const notADay = await agent.get(`${insights()}/data`).query({ from: 'yesterday' }).expect(400);
    expect(JSON.stringify(notADay.body)).toContain('from must be');
    await agent.get(`${insights()}/data`).query({ organizationId: fixture.organizationId }).expect(400);
  });

  it('draws from the page: linked from the organization, the form naming its JSON, the first numbers carried, no id or key field, no inline script', async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const organization = await agent.get(`/console/organizations/${fixture.organizationId}`).expect(200);
    expect(organization.text).toContain(`href="${insights()}"`);

    const page = await agent.get(insights()).expect(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.text).not.toMatch(/<script>|<style|style=/);
    expect(page.text).toContain('<script src="/assets/dashboard.js" defer></script>');
    expect(page.text).toContain(`data-insights-url="${insights()}/data"`);
    expect(page.text).not.toMatch(/api-key|organization-id/);
    const carried = JSON.parse(/data-insights="([^"]+)"/.exec(page.text)![1].replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&#38;/g, '&'));
    expect(carried).toEqual((await rest({})).body);
    // The period shown is the one drawn: the last 30 days.
    expect(page.text).toContain(`id="from" name="from" value="${utcDay(-29)}"`);
    expect(page.text).toContain(`id="to" name="to" value="${utcDay(1)}"`);
  });

  it("without a script, the GET form's period reloads the page with its totals; a bad one comes back marked with a 400", async () => {
    const agent = await signedIn(TEST_ADMIN_TOKEN);
    const page = await agent.get(insights()).query({ from: utcDay(-6), to: '' }).expect(200);
    const noscript = /<noscript>([\s\S]*)<\/noscript>/.exec(page.text)![1];
    expect(noscript).toContain(`Totals, ${utcDay(-6)} to ${utcDay(24)}`);
    expect(noscript).toContain('<th scope="row">Suggested</th><td>1</td>');
    expect(noscript).toContain('<th scope="row">Skipped</th><td>1</td>');
    expect(noscript).toContain('<th scope="row">Knowledge gaps (groups of unanswered questions)</th><td>1</td>');

    const empty = await agent.get(insights()).query({ from: '2020-01-01', to: '2020-01-08' }).expect(200);
    expect(empty.text).toContain('<th scope="row">Suggested</th><td>0</td>');

    const bad = await agent.get(insights()).query({ from: '2026-02-01', to: '2026-01-01' }).expect(400);
    expect(bad.text).toMatch(/id="to"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('to must be after from');
    expect(bad.text).toContain('value="2026-02-01"');
    expect(bad.text).not.toContain('data-insights=');
    const garbage = await agent.get(insights()).query({ from: '<script>' }).expect(400);
    expect(garbage.text).not.toContain('<script>');
  });

  it("lets the organization's own key in, answers 404 to another organization's key, and asks for a session", async () => {
    const { test, auth } = fixture;
    const { ownKey, otherOrganizationId: other, otherKey } = await keysForTenancy(test.baseUrl, fixture.organizationId);

    const own = await signedIn(ownKey);
    await own.get(insights()).expect(200);
    expect((await own.get(`${insights()}/data`).expect(200)).body.acceptanceOverall.total).toBe(1);

    const foreign = await signedIn(otherKey);
    const page = await foreign.get(insights()).expect(404);
    expect(page.text).not.toContain('data-insights');
    const data = await foreign.get(`${insights()}/data`).expect(404).expect('Content-Type', /json/);
    expect(data.body).not.toHaveProperty('suggestionsPerDay');
    await foreign.get(`/console/organizations/${other}/insights/data`).expect(200);

    await request(test.baseUrl).get(insights()).expect(303).expect('Location', '/console');
    await request(test.baseUrl).get(`${insights()}/data`).expect(401).expect('Content-Type', /json/);
    // The admin API's key is no console session.
    await request(test.baseUrl).get(`${insights()}/data`).set(auth).expect(401);
    await (await signedIn(TEST_ADMIN_TOKEN)).get('/console/organizations/00000000-0000-4000-8000-000000000000/insights/data').expect(404);
    await (await signedIn(TEST_ADMIN_TOKEN)).get('/console/organizations/not-a-uuid/insights').expect(404);
  });
});
