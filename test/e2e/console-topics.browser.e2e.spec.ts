import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { consoleAccessibilityViolations } from '../support/console-browser';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

describe('The console Topics screen in a browser: a no-assist topic created, tested and tried (headless Chromium)', () => {
  let test: TestApp;
  let browser: Browser;
  let checker: BrowserContext;
  let organizationId: string;

  beforeAll(async () => {
    test = await startTestApp();
    organizationId = (
      await request(test.baseUrl)
        .post('/admin/organizations')
        .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
        .send({ name: 'Acme', zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'zendesk-token' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' })
        .expect(201)
    ).body.id;
    browser = await launchBrowser();
    checker = await browser.newContext({ bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const expectAccessible = (page: Page) =>
    expect(consoleAccessibilityViolations(checker, page, `${test.baseUrl}/console/organizations/${organizationId}/topics`)).resolves.toEqual([]);

  it('signs in, creates a no-assist topic with a keyword, tests it and tries a ticket that matches it, every page passing axe', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${test.baseUrl}/console`);
    await page.getByLabel('Token').fill(TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForURL(/\/console\/organizations$/), page.getByLabel('Token').press('Enter')]);
    await page.goto(`${test.baseUrl}/console/organizations/${organizationId}`);
    await Promise.all([page.waitForURL(/\/topics$/), page.getByRole('link', { name: 'Topics', exact: true }).click()]);
    await expect(page.getByRole('heading', { name: 'Topics', level: 1 }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await Promise.all([page.waitForURL(/\/topics\/new$/), page.getByRole('link', { name: 'New topic' }).click()]);
    await expectAccessible(page);
    await page.getByLabel('Name').fill('Legal');
    await page.getByLabel('Description').fill('Lawyers and lawsuits');
    await page.getByLabel(/Keywords/).fill('lawsuit');
    await page.getByLabel('No-assist').check();
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Test this topic' }).click()]);
    await expect(page.getByRole('heading', { name: 'Tested, not saved' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Tickets caught: 0' }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Legal');
    await expectAccessible(page);

    await Promise.all([page.waitForURL(/\/topics\?done=created$/), page.getByRole('button', { name: 'Create the topic' }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The topic is created');
    await expect(page.getByRole('row', { name: /Legal/ }).textContent()).resolves.toContain('no-assist');
    await expectAccessible(page);

    await page.getByLabel(/Ticket text/).fill('My lawyer is preparing a lawsuit');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Try' }).click()]);
    await expect(page.getByText('keyword:lawsuit').isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await Promise.all([page.waitForURL(/\/delete$/), page.getByRole('link', { name: 'Delete Legal' }).click()]);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/done=deleted$/), page.getByRole('button', { name: 'Delete the topic' }).click()]);
    await expect(page.getByText('No topics yet.').isVisible()).resolves.toBe(true);
    // The CSP allows no inline script or style: a page relying on one would have logged a violation.
    expect(problems).toEqual([]);
    await page.close();
  });
});
