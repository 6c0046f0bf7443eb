import { Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT } from '../support/browser';
import { consoleAccessibilityViolations, consoleBrowserApp } from '../support/console-browser';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

describe('The console settings form and API keys screen in a browser: the newer settings saved, a key created, used and revoked (headless Chromium)', () => {
  const app = consoleBrowserApp();

  const organizationUrl = () => `${app.test.baseUrl}/console/organizations/${app.organizationId}`;
  // A POST's answer is checked as the page it stands for (its address is the form's action).
  const expectAccessible = (page: Page, url = page.url()) => expect(consoleAccessibilityViolations(app.checker, page, url)).resolves.toEqual([]);

  async function signIn(page: Page, token: string) {
    await page.goto(`${app.test.baseUrl}/console`);
    await page.getByLabel('Token').fill(token);
    await Promise.all([page.waitForURL(/\/console\/organizations/), page.getByLabel('Token').press('Enter')]);
  }

  it('saves the sign-off, dedupe window and sync interval: the browser holds the DTO\'s limits, the server refuses a blank sign-off next to its field', async () => {
    const page = await app.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, TEST_ADMIN_TOKEN);
    await page.goto(organizationUrl());
    await expect(page.getByLabel(/Sign-off/).inputValue()).resolves.toBe('Best regards');
    await expect(page.getByText('one draft or skip per customer comment within it').isVisible()).resolves.toBe(true);

    // Out of range: the input's max (the DTO's) stops the form in the app.browser.
    await page.getByLabel(/Dedupe window/).fill('721');
    await expect(page.getByLabel(/Dedupe window/).evaluate((input: { validity: { rangeOverflow: boolean } }) => input.validity.rangeOverflow)).resolves.toBe(true);
    await page.getByLabel(/Help center sync/).fill('0');
    await expect(page.getByLabel(/Help center sync/).evaluate((input: { validity: { rangeUnderflow: boolean } }) => input.validity.rangeUnderflow)).resolves.toBe(true);

    // Spaces pass the browser's `required`; the server trims them and refuses the empty sign-off.
    await page.getByLabel(/Dedupe window/).fill('24');
    await page.getByLabel(/Help center sync/).fill('60');
    await page.getByLabel(/Sign-off/).fill('   ');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Save settings' }).click()]);
    await expect(page.getByLabel(/Sign-off/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel(/Dedupe window/).inputValue()).resolves.toBe('24');
    await expectAccessible(page, organizationUrl());

    await page.getByLabel(/Sign-off/).fill('Cheers, the Acme team');
    await Promise.all([page.waitForURL(/done=saved$/), page.getByRole('button', { name: 'Save settings' }).click()]);
    await expect(page.getByLabel(/Sign-off/).inputValue()).resolves.toBe('Cheers, the Acme team');
    await expect(page.getByLabel(/Help center sync/).inputValue()).resolves.toBe('60');
    const entry = await page.getByRole('table').last().locator('tbody tr').first().textContent();
    expect(entry).toContain('dedupeWindowHours: 48 → 24');
    expect(entry).toContain('helpCenterSyncMinutes: 15 → 60');
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);

  it('creates a key shown once, signs in with it, and revokes it after a confirmation, every page passing axe', async () => {
    const page = await app.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, TEST_ADMIN_TOKEN);
    await page.goto(organizationUrl());
    await Promise.all([page.waitForURL(/\/keys$/), page.getByRole('link', { name: 'API keys' }).click()]);
    await expect(page.getByRole('heading', { name: 'API keys', level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('No keys yet.').isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await page.getByLabel(/Label/).fill('Support ops');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByLabel(/Label/).press('Enter')]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Copy it now: it is not shown again.');
    const token = await page.getByLabel('The new key').inputValue();
    expect(token).toMatch(/^ocx_org_/);
    await expectAccessible(page, `${organizationUrl()}/keys`);

    await Promise.all([page.waitForURL(/\/keys$/), page.getByRole('link', { name: /back to the keys/ }).click()]);
    const row = page.getByRole('row', { name: /Support ops/ });
    await expect(row.textContent()).resolves.toContain('live');
    await expect(page.content()).resolves.not.toContain(token);

    // The key, pasted in another browser, opens its organization.
    const keyContext = await app.browser.newContext();
    const keyPage = await keyContext.newPage();
    await signIn(keyPage, token);
    await expect(keyPage.getByRole('heading', { name: 'Acme', level: 1 }).isVisible()).resolves.toBe(true);

    await Promise.all([page.waitForURL(/\/revoke$/), page.getByRole('link', { name: 'Revoke Support ops' }).click()]);
    await expect(page.getByRole('heading', { name: 'Revoke “Support ops”?' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/done=revoked$/), page.getByRole('button', { name: 'Revoke Support ops' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('The key is revoked');
    await expect(row.textContent()).resolves.toMatch(/revoked \d{4}-/);
    await expectAccessible(page);

    // The key's own session ends on its next page.
    await keyPage.reload();
    expect(new URL(keyPage.url()).pathname).toBe('/console');
    await expect(keyPage.getByRole('heading', { name: 'Sign in to the admin console' }).isVisible()).resolves.toBe(true);
    await keyContext.close();
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});
