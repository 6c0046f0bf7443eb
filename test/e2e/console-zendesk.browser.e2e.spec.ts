import { Browser, BrowserContext, Page } from 'playwright-core';
import { AssistFixture, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { BROWSER_TEST_TIMEOUT, launchBrowser } from '../support/browser';
import { consoleAccessibilityViolations, pageProblems, signInToConsole } from '../support/console-browser';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

describe('The console Connect Zendesk screen in a browser, by keyboard: test, create the webhook and trigger, a first note (headless Chromium)', () => {
  let app: AssistFixture;
  let browser: Browser;
  let checker: BrowserContext;

  beforeAll(async () => {
    // Our webhook URL must reach this app (PUBLIC_BASE_URL names its port); the suite writes a webhook and a trigger.
    app = await startAssistFixture({ ownPublicAddress: true, connectedFromConsole: true });
    app.zendesk.setApiUserRole('admin');
    browser = await launchBrowser();
    checker = await browser.newContext({ bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const screen = () => `${app.test.baseUrl}/console/organizations/${app.organizationId}/zendesk`;
  const expectAccessible = (page: Page) => expect(consoleAccessibilityViolations(checker, page, screen())).resolves.toEqual([]);
  // Keyboard only: focus the control, then Enter.
  const press = async (page: Page, control: ReturnType<Page['getByRole']>) => {
    await control.focus();
    await page.keyboard.press('Enter');
  };

  it('tests the token, creates the webhook and trigger, sees the delivery a new ticket fires and sends a test, every page passing axe', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);

    await signInToConsole(page, app.test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(`${app.test.baseUrl}/console/organizations/${app.organizationId}`);
    await Promise.all([page.waitForURL(/\/zendesk$/), press(page, page.getByRole('navigation', { name: "This organization's screens" }).getByRole('link', { name: 'Connect Zendesk' }))]);
    await expect(page.getByRole('heading', { name: 'Connect Zendesk', level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel(/^API token/).inputValue()).resolves.toBe('');
    await expectAccessible(page);

    await Promise.all([page.waitForEvent('framenavigated'), press(page, page.getByRole('button', { name: 'Test connection' }))]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('role admin');
    await expectAccessible(page);

    await Promise.all([page.waitForURL(/done=created-created$/), press(page, page.getByRole('button', { name: 'Create them for me' }))]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Created the webhook and the trigger');
    // The definitions scroll sideways: each can be reached by keyboard.
    await page.getByLabel('By hand: the webhook').focus();
    await expect(page.evaluate('document.activeElement?.tagName')).resolves.toBe('PRE');
    await expectAccessible(page);

    const ticket = app.zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    await app.zendesk.deliveriesSettled();
    await waitForDecisions(app.test, app.organizationId, ticket.id, 1);
    await page.reload();
    await expect(page.getByRole('region', { name: 'Last webhook received' }).textContent()).resolves.toContain('accepted: Assist queued the ticket');

    await page.getByLabel('Zendesk ticket id').fill(String(ticket.id));
    await Promise.all([page.waitForEvent('framenavigated'), page.getByLabel('Zendesk ticket id').press('Enter')]);
    await expect(page.getByRole('region', { name: 'Send a test' }).textContent()).resolves.toMatch(/Accepted as event/);
    await expectAccessible(page);

    await Promise.all([page.waitForURL(new RegExp(`/tickets/${ticket.id}$`)), press(page, page.getByRole('region', { name: 'Send a test' }).getByRole('link', { name: /its timeline/ }))]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(String(ticket.id));
    expect(app.zendesk.getTicket(ticket.id).comments.filter((comment) => !comment.public)).toHaveLength(1);
    // The CSP allows no inline script or style: a page relying on one would have logged a violation.
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);

  it('shows Zendesk refusing a non-admin and a wrong token as alerts on the page, passing axe', async () => {
    const page = await browser.newPage();
    await signInToConsole(page, app.test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(screen());
    app.zendesk.setApiUserRole('agent');
    try {
      await Promise.all([page.waitForEvent('framenavigated'), press(page, page.getByRole('button', { name: 'Create them for me' }))]);
      await expect(page.getByRole('alert').first().textContent()).resolves.toContain('not an admin');
      await expectAccessible(page);
      app.zendesk.rotateApiToken('a-new-token');
      await Promise.all([page.waitForEvent('framenavigated'), press(page, page.getByRole('button', { name: 'Test connection' }))]);
      await expect(page.getByRole('alert').first().textContent()).resolves.toContain('refused these credentials (401)');
      await expectAccessible(page);
    } finally {
      app.zendesk.setApiUserRole('admin');
      app.zendesk.rotateApiToken('sim-token');
    }
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});
