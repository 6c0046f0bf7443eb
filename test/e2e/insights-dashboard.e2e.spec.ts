import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { accessibilityViolations, launchBrowser } from '../support/browser';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// The dashboard in headless Chromium against the real app: the key typed in, the charts and tables drawn from the
// admin API, errors shown, data never run as markup, nothing refused by the Content-Security-Policy.
describe('Insights dashboard in a browser (real PostgreSQL, Zendesk simulator, headless Chromium)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let browser: Browser;
  let page: Page;
  let organizationId: string;
  let keyOfOrganization: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fixture = await startAssistFixture({ settings: { respondOnlyWithPotentialAnswers: true } });
    let webhookUrl: string;
    ({ zendesk, test, organizationId, webhookUrl } = fixture);
    const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    ({ token: keyOfOrganization } = (
      await request(test.baseUrl).post(`/admin/organizations/${organizationId}/api-keys`).set(operator).send({ name: 'dashboard' }).expect(201)
    ).body);
    const fire = (ticketId: number) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
    const password = zendesk.createTicket({ subject: 'Question', body: 'How do I reset my password?' });
    await fire(password.id);
    await waitForDecisions(test, organizationId, password.id);
    // The rep answers otherwise: the suggestion is ignored, and its article is one to fix.
    zendesk.addComment(password.id, { authorId: zendesk.agentId, body: 'I have passed this on to our security team, who will call you.' });
    await fire(password.id);
    await waitForDecisions(test, organizationId, password.id, 2);
    const gap = zendesk.createTicket({ subject: 'Question', body: 'Can I pay with <img src=x onerror="document.title=1"> bitcoin?' });
    await fire(gap.id);
    await waitForDecisions(test, organizationId, gap.id);

    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The API's refusals are expected (the error tests ask for them); anything else failing to load is not.
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && pageErrors.push(message.text()));
    page.on('response', (response) => response.status() >= 400 && !response.url().includes('/insights') && pageErrors.push(`${response.status()} ${response.url()}`));
    await page.goto(`${test.baseUrl}/dashboard`);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const show = async (organization: string, key: string) => {
    await page.getByLabel('Organization id').fill(organization);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Show insights' }).click();
  };

  it('serves a page with a labelled form, under a CSP without inline scripts', async () => {
    const response = await request(test.baseUrl).get('/dashboard').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.text).not.toMatch(/<script>|style=/);
    expect(await page.getByLabel('API key').getAttribute('type')).toBe('password');
  });

  it('says so when the key is wrong, is another organization’s, or the id is malformed', async () => {
    await show(organizationId, 'ocx_org_not-a-real-key');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/The API key was not accepted/);
    await show(randomUUID(), keyOfOrganization);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/This key may not see this organization/);
    await show('not-a-uuid', TEST_ADMIN_TOKEN);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/refused.*uuid/i);
  });

  it('draws every chart and writes its numbers as a table, with the key kept for the session only', async () => {
    await show(organizationId, keyOfOrganization);
    await page.locator('#gaps-list li').first().waitFor();
    expect(await page.getByRole('alert').isVisible()).toBe(false);

    expect(await page.locator('#per-day-table tbody tr').count()).toBe(30);
    expect(await page.locator('#per-day-summary').textContent()).toBe('1 suggested, 2 skipped, 0 failed in the period.');
    expect(await page.locator('#skip-reasons-table tbody tr').allTextContents()).toEqual(['awaiting_customer1', 'not_helpful_answer1']);
    expect(await page.locator('#acceptance-time-summary').textContent()).toBe(
      '1 suggestion posted (per day): 0 as is, 0 lightly edited, 0 heavily edited, 1 ignored, 0 pending.',
    );
    for (const id of ['per-day', 'skip-reasons', 'acceptance-time', 'acceptance-topic']) {
      // Expressions run in the page (this project's TypeScript has no DOM types).
      const drawn = await page.evaluate(`Chart.getChart('${id}-chart') !== undefined && document.getElementById('${id}-chart').width > 0`);
      expect({ id, drawn }).toEqual({ id, drawn: true });
    }
    const article = page.locator('#articles-table tbody tr');
    expect(await article.allTextContents()).toEqual(['How to reset your password011100%']);
    expect(await article.getByRole('link').getAttribute('href')).toBe('https://help.acme.test/hc/en-us/articles/101');
    expect(await page.locator('#training-table tbody tr').allTextContents()).toEqual([
      'Rated good0',
      'Rated needs work0',
      'Answers corrected0',
      'Articles fixed in Guide0',
      'Topics fixed0',
    ]);
    expect(await page.evaluate(`sessionStorage.getItem('opencx.insights.apiKey')`)).toBe(keyOfOrganization);
  });

  it('shows the knowledge gaps as text: a question with markup in it stays words', async () => {
    const gap = page.locator('#gaps-list > li').first();
    expect(await gap.locator('h3').textContent()).toMatch(/1 ticket$/);
    expect(await gap.locator('q').textContent()).toContain('<img src=x onerror="document.title=1"> bitcoin?');
    expect(await page.locator('#gaps-list img').count()).toBe(0);
    expect(await page.title()).toBe('Insights · OpenCX Assist');
  });

  it('asks again for the period typed in, and says what is wrong with it', async () => {
    await page.getByLabel('From (UTC day)').fill('2026-01-01');
    await page.getByLabel('To (UTC day, not included)').fill('2026-01-08');
    await page.getByRole('button', { name: 'Show insights' }).click();
    await page.getByText('Showing 2026-01-01 to 2026-01-08').waitFor();
    expect(await page.locator('#per-day-table tbody tr').count()).toBe(7);
    expect(await page.locator('#gaps-summary').textContent()).toBe('No unanswered questions in the period.');

    await page.getByLabel('From (UTC day)').fill('2026-01-09');
    await page.getByRole('button', { name: 'Show insights' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('The request was refused: to must be after from, and at most 366 days after it.');
  });

  it('passes axe-core\'s WCAG 2.1 AA and best-practice checks, before and after drawing', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const checked = await context.newPage();
    await checked.goto(`${test.baseUrl}/dashboard`);
    await expect(accessibilityViolations(checked)).resolves.toEqual([]);
    await checked.getByLabel('Organization id').fill(organizationId);
    await checked.getByLabel('API key').fill(keyOfOrganization);
    await checked.getByRole('button', { name: 'Show insights' }).click();
    await checked.locator('#gaps-list li').first().waitFor();
    await expect(accessibilityViolations(checked)).resolves.toEqual([]);
    await context.close();
  });

  it('ran without a script error or a CSP refusal', () => {
    expect(pageErrors).toEqual([]);
  });
});
