import { Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT } from '../support/browser';
import { consoleAccessibilityViolations, consoleBrowserApp, pageProblems, signInToConsole } from '../support/console-browser';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

describe('The console Topics screen in a browser: a no-assist topic created, tested and tried (headless Chromium)', () => {
  const app = consoleBrowserApp();

  const expectAccessible = (page: Page) =>
    expect(consoleAccessibilityViolations(app.checker, page, `${app.test.baseUrl}/console/organizations/${app.organizationId}/topics`)).resolves.toEqual([]);

  it('signs in, creates a no-assist topic with a keyword, tests it and tries a ticket that matches it, every page passing axe', async () => {
    const page = await app.browser.newPage();
    const problems = pageProblems(page);

    await signInToConsole(page, app.test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(`${app.test.baseUrl}/console/organizations/${app.organizationId}`);
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
  }, BROWSER_TEST_TIMEOUT);
});
