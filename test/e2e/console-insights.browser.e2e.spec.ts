import { Browser, Page } from 'playwright-core';
import { AccessibilityViolation, BROWSER_TEST_TIMEOUT } from '../support/browser';
import { launchConsoleBrowser, pageProblems, signInToConsole } from '../support/console-browser';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

// The console's Insights in headless Chromium: signed in, the dashboard's charts and tables drawn with no id or key
// typed, another period asked by keyboard, nothing refused by the CSP.
describe('The console Insights screen in a browser (headless Chromium)', () => {
  let fixture: AssistFixture;
  let browser: Browser;
  let violationsOf: (page: Page) => Promise<AccessibilityViolation[]>;

  beforeAll(async () => {
    fixture = await startAssistFixture({ settings: { respondOnlyWithPotentialAnswers: true } });
    const { zendesk, test, organizationId, webhookUrl } = fixture;
    for (const body of ['I forgot my password. How do I reset it?', 'Can I pay with <img src=x onerror="document.title=1"> bitcoin?']) {
      const ticket = zendesk.createTicket({ subject: 'Question', body });
      await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
      await waitForDecisions(test, organizationId, ticket.id);
    }
    ({ browser, violationsOf } = await launchConsoleBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const expectAccessible = (page: Page) => expect(violationsOf(page)).resolves.toEqual([]);

  it('signs in, opens Insights from the organization, draws every chart and table, asks for another period by keyboard', async () => {
    const { test, organizationId } = fixture;
    const page = await browser.newPage();
    const problems = pageProblems(page);
    const asked: string[] = [];
    page.on('request', (request) => request.url().includes('/insights/data') && asked.push(new URL(request.url()).search));

    await signInToConsole(page, test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(`${test.baseUrl}/console/organizations/${organizationId}`);
    await Promise.all([page.waitForURL(/\/insights$/), page.getByRole('link', { name: 'Insights' }).click()]);
    await expect(page.getByRole('heading', { name: 'Insights', level: 1 }).isVisible()).resolves.toBe(true);

    // Drawn from the numbers the page carried: nothing typed, nothing asked yet.
    await page.locator('#gaps-list li').first().waitFor();
    expect(asked).toEqual([]);
    expect(await page.getByRole('alert').isVisible()).toBe(false);
    expect(await page.locator('#status').textContent()).toMatch(/^Showing \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    expect(await page.locator('#per-day-table tbody tr').count()).toBe(30);
    expect(await page.locator('#per-day-summary').textContent()).toBe('1 suggested, 1 skipped, 0 failed in the period.');
    for (const id of ['per-day', 'skip-reasons', 'acceptance-time', 'acceptance-topic']) {
      // Expressions run in the page (this project's TypeScript has no DOM types).
      const drawn = await page.evaluate(`Chart.getChart('${id}-chart') !== undefined && document.getElementById('${id}-chart').width > 0`);
      expect({ id, drawn }).toEqual({ id, drawn: true });
    }
    expect(await page.locator('#gaps-list q').textContent()).toContain('<img src=x onerror="document.title=1"> bitcoin?');
    expect(await page.locator('#gaps-list img').count()).toBe(0);
    expect(await page.evaluate(`sessionStorage.length`)).toBe(0);
    await expectAccessible(page);

    // Another period, by keyboard: the page asks its JSON for it, with the session, and draws it.
    await page.getByLabel('From (UTC day)').fill('2026-01-01');
    await page.getByLabel('To (UTC day, not included)').fill('2026-01-08');
    await page.getByLabel('To (UTC day, not included)').press('Enter');
    await page.getByText('Showing 2026-01-01 to 2026-01-08').waitFor();
    expect(asked).toEqual(['?from=2026-01-01&to=2026-01-08']);
    expect(page.url()).toMatch(/\/insights\?from=2026-01-01&to=2026-01-08$/);
    expect(await page.locator('#per-day-table tbody tr').count()).toBe(7);
    expect(await page.locator('#per-day-summary').textContent()).toBe('0 suggested, 0 skipped, 0 failed in the period.');
    // A reload draws the same period, from the page itself.
    await page.reload();
    await page.getByText('Showing 2026-01-01 to 2026-01-08').waitFor();
    expect(await page.getByLabel('From (UTC day)').inputValue()).toBe('2026-01-01');
    expect(asked).toHaveLength(1);

    // A refused period is said in the alert, from the JSON 400.
    await page.getByLabel('From (UTC day)').fill('2026-02-01');
    await page.getByRole('button', { name: 'Show insights' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/The request was refused: to must be after from/);
    await expectAccessible(page);

    // The CSP allows no inline script or style: a page relying on one would have logged a violation. The only
    // error logged is the refused period's own 400.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);

  it('says the session ended when the JSON answers 401, and shows the totals table without JavaScript', async () => {
    const { test, organizationId } = fixture;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInToConsole(page, test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(`${test.baseUrl}/console/organizations/${organizationId}/insights`);
    await expect(page.getByRole('row', { name: 'Suggested 1' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('From (UTC day)').fill('2020-01-01');
    await page.getByLabel('To (UTC day, not included)').fill('2020-01-08');
    await Promise.all([page.waitForURL(/from=2020-01-01&to=2020-01-08/), page.getByRole('button', { name: 'Show insights' }).click()]);
    await expect(page.getByRole('heading', { name: 'Totals, 2020-01-01 to 2020-01-08' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('row', { name: 'Suggested 0' }).isVisible()).resolves.toBe(true);
    await context.close();

    const scripted = await browser.newContext();
    const signedOut = await scripted.newPage();
    await signInToConsole(signedOut, test.baseUrl, TEST_ADMIN_TOKEN);
    await signedOut.goto(`${test.baseUrl}/console/organizations/${organizationId}/insights`);
    await signedOut.locator('#gaps-list li').first().waitFor();
    await scripted.clearCookies();
    await signedOut.getByRole('button', { name: 'Show insights' }).click();
    await expect(signedOut.getByRole('alert').textContent()).resolves.toMatch(/Your console session has ended: sign in again/);
    await scripted.close();
  }, BROWSER_TEST_TIMEOUT);
});
