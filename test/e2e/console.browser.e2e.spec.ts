import { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, BROWSER_TEST_TIMEOUT, launchBrowser } from '../support/browser';
import { consoleAccessibilityViolations, pageProblems } from '../support/console-browser';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

describe('The admin console in a browser: the operator signs in, creates an organization, turns Assist on, signs out (headless Chromium)', () => {
  let test: TestApp;
  let browser: Browser;
  let checker: BrowserContext;

  beforeAll(async () => {
    test = await startTestApp();
    browser = await launchBrowser();
    // axe is injected as a script, which the pages' own CSP refuses: it checks each page again in a context of its own.
    checker = await browser.newContext({ bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  // The page the admin is on, as they see it, checked by axe with their session.
  const expectAccessible = (page: Page) => expect(consoleAccessibilityViolations(checker, page, page.url())).resolves.toEqual([]);

  it('works by keyboard under the strict CSP, every page passing axe-core\'s WCAG 2.1 AA and best-practice checks', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);

    await page.goto(`${test.baseUrl}/console`);
    await expect(page.getByRole('heading', { name: 'Sign in to the admin console' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    // Skip link, then the token field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('token');
    await page.keyboard.type(TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForURL(/\/console\/organizations$/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { name: 'Organizations', exact: true }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // A refused form first: its problems are announced next to the fields, and pass axe too.
    await page.getByLabel('Name').fill('Acme');
    await page.getByLabel(/Zendesk subdomain/).fill('acme');
    await page.getByLabel('Zendesk agent email').fill('agent@acme.test');
    await page.getByLabel('Zendesk API token').fill('zendesk-token');
    await page.getByLabel(/Webhook signing secret/).fill('too-short');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByLabel(/Webhook signing secret/).press('Enter')]);
    await expect(page.getByLabel(/Webhook signing secret/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Acme');
    await expect(page.getByLabel('Zendesk agent email').inputValue()).resolves.toBe('agent@acme.test');
    // The refused page is a POST's answer: axe checks its HTML written into the list page, stylesheet and all.
    await checker.clearCookies();
    await checker.addCookies(await page.context().cookies());
    const refusedChecker = await checker.newPage();
    await refusedChecker.goto(page.url());
    await refusedChecker.setContent(await page.content());
    await expect(refusedChecker.evaluate(`getComputedStyle(document.querySelector('.field-error')).color`)).resolves.toBe('rgb(207, 34, 46)');
    await expect(accessibilityViolations(refusedChecker)).resolves.toEqual([]);
    await refusedChecker.close();

    await page.getByLabel('Zendesk API token').fill('zendesk-token');
    await page.getByLabel(/Webhook signing secret/).fill('webhook-signing-secret-0123456789');
    await Promise.all([page.waitForURL(/\/console\/organizations\/[0-9a-f-]{36}\?done=created$/), page.getByLabel(/Webhook signing secret/).press('Enter')]);
    await expect(page.getByRole('heading', { name: 'Acme', level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('status').textContent()).resolves.toContain('The organization is created');
    await expectAccessible(page);

    // A refused settings form: the browser checks the numbers itself, the server the tag's pattern.
    await page.getByLabel(/Handoff tag/).fill('not a tag');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByLabel(/Handoff tag/).press('Enter')]);
    await expect(page.getByLabel(/Handoff tag/).getAttribute('aria-invalid')).resolves.toBe('true');
    const refusedSettings = await checker.newPage();
    await refusedSettings.goto(page.url().replace(/\/settings$/, ''));
    await refusedSettings.setContent(await page.content());
    await expect(accessibilityViolations(refusedSettings)).resolves.toEqual([]);
    await refusedSettings.close();
    await page.getByLabel(/Handoff tag/).fill('handoff');

    // Assist on and the note in German, by keyboard.
    await page.getByLabel('Assist on').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Note language').selectOption('de');
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await Promise.all([page.waitForURL(/done=saved$/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Settings saved.');
    await expect(page.getByLabel('Assist on').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Note language').inputValue()).resolves.toBe('de');
    const latest = page.getByRole('table').last().locator('tbody tr').first();
    const entry = await latest.textContent();
    expect(entry).toMatch(/operator\s*settings\.updated/);
    expect(entry).toContain('assistEnabled: false → true');
    expect(entry).toContain('noteLanguage: en → de');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Organizations' }).click();
    await expect(page.getByRole('row', { name: /Acme/ }).textContent()).resolves.toContain('On');

    await Promise.all([page.waitForURL(/\/console\?signed-out$/), page.getByRole('button', { name: 'Sign out' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('You are signed out.');
    await expectAccessible(page);
    await page.goto(`${test.baseUrl}/console/organizations`);
    expect(new URL(page.url()).pathname).toBe('/console');
    // The CSP allows no inline script or style: a page relying on one would have logged a violation. The errors
    // logged are the two refused forms' own 400s.
    expect(problems).toEqual(Array(2).fill('Failed to load resource: the server responded with a status of 400 (Bad Request)'));
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});
