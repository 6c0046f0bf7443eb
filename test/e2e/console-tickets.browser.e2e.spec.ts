import { Browser, BrowserContext, Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT, launchBrowser } from '../support/browser';
import { consoleAccessibilityViolations, pageProblems, signInToConsole } from '../support/console-browser';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

describe('The console Tickets screen in a browser: the decision log, its filters and a ticket timeline (headless Chromium)', () => {
  let fixture: AssistFixture;
  let browser: Browser;
  let checker: BrowserContext;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    browser = await launchBrowser();
    // axe is injected as a script, which the pages' own CSP refuses: it checks each page again in a context of its own.
    checker = await browser.newContext({ bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  // Each page as the admin saw it (a 400 answer included), checked by axe with their session.
  const expectAccessible = (page: Page) => expect(consoleAccessibilityViolations(checker, page, page.url())).resolves.toEqual([]);

  it('signs in, opens the tickets, filters them, opens a timeline: every page passes axe, nothing breaks the CSP', async () => {
    const { zendesk, test, organizationId, webhookUrl } = fixture;
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    await waitForDecisions(test, organizationId, ticket.id, 1);

    const page = await browser.newPage();
    const problems = pageProblems(page);

    await signInToConsole(page, test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(`${test.baseUrl}/console/organizations/${organizationId}`);
    await Promise.all([page.waitForURL(/\/tickets$/), page.getByRole('link', { name: /^Tickets/ }).click()]);
    await expect(page.getByRole('heading', { name: /^Tickets/, level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: `#${ticket.id}` }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // The filters, by keyboard: a bad date comes back marked, with a 400.
    await page.getByLabel('Outcome').selectOption('suggested');
    await page.getByLabel(/^From/).fill('yesterday');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByLabel(/^From/).press('Enter')]);
    await expect(page.getByLabel(/^From/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    await page.getByLabel(/^From/).fill('');
    await Promise.all([page.waitForURL(/outcome=suggested/), page.getByLabel(/^From/).press('Enter')]);
    await expect(page.getByLabel('Outcome').inputValue()).resolves.toBe('suggested');

    await Promise.all([page.waitForURL(new RegExp(`/tickets/${ticket.id}$`)), page.getByRole('link', { name: `#${ticket.id}` }).click()]);
    await expect(page.getByRole('heading', { name: `Ticket #${ticket.id}`, level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Decision: suggested').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'How to reset your password' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // The CSP allows no inline script or style: a page relying on one would have logged a violation. The only
    // error logged is the refused filter's own 400.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});
