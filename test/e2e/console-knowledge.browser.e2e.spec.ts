import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';
import { BROWSER_TEST_TIMEOUT, launchBrowser } from '../support/browser';
import { consoleAccessibilityViolations, pageProblems, signInToConsole } from '../support/console-browser';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

describe('The console Knowledge screen in a browser: Sync now followed live, a training answer edited (headless Chromium)', () => {
  let fixture: AssistFixture;
  let browser: Browser;
  let checker: BrowserContext;
  const base = () => `/console/organizations/${fixture.organizationId}/knowledge`;

  beforeAll(async () => {
    // A sync writes nothing to Zendesk.
    fixture = await startAssistFixture({ checkZendeskWrites: false });
    await request(fixture.test.baseUrl)
      .post(`/admin/organizations/${fixture.organizationId}/training-answers`)
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .send({ question: 'Where is my parcel?', answer: 'Track it from the email we sent.' })
      .expect(201);
    browser = await launchBrowser();
    checker = await browser.newContext({ bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const expectAccessible = (page: Page, path = base()) => expect(consoleAccessibilityViolations(checker, page, `${fixture.test.baseUrl}${path}`)).resolves.toEqual([]);

  it('starts a sync by keyboard and its progress line updates in place to the end; edits a training answer; every page passes axe', async () => {
    fixture.zendesk.addArticle({ title: 'Passwort zurücksetzen', body: '<p>Klicken Sie auf Passwort vergessen.</p>', locale: 'de' });
    fixture.zendesk.addArticle({ title: 'Reset your password', body: '<p>Click Forgot password on the sign-in page.</p>' });
    fixture.zendesk.addArticle({ title: 'Empty', body: '<p> </p>' });
    const english = fixture.zendesk.holdNext((method, path) => path === '/api/v2/help_center/en-us/articles.json');
    const page = await browser.newPage();
    const problems = pageProblems(page);

    await signInToConsole(page, fixture.test.baseUrl, TEST_ADMIN_TOKEN);
    await page.goto(`${fixture.test.baseUrl}/console/organizations/${fixture.organizationId}`);
    await page.getByRole('link', { name: /^Knowledge/ }).focus();
    await Promise.all([page.waitForURL(/\/knowledge$/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { name: 'Knowledge', level: 1 }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    const progress = page.locator('#sync-progress');
    await page.getByRole('button', { name: 'Sync now' }).focus();
    await Promise.all([page.waitForURL(/done=started&run=/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Sync started.');
    await expect(progress.getAttribute('aria-live')).resolves.toBe('polite');
    await english.arrived;
    // The page is not reloaded: the script writes each new line into the live region.
    const url = page.url();
    await page.locator('#sync-progress', { hasText: /^Sync running \(full\): 1 page read/ }).waitFor({ timeout: 15_000 });
    await expectAccessible(page, new URL(url).pathname + new URL(url).search);
    english.release();
    await page.locator('#sync-progress', { hasText: /^Sync succeeded/ }).waitFor({ timeout: 15_000 });
    await expect(progress.textContent()).resolves.toMatch(/2 pages read, 3 articles fetched \(2 added, 0 updated, 0 removed\), 1 bad article\.$/);
    expect(page.url()).toBe(url);

    // A reload shows the finished sync among the last ones; its page lists the bad article.
    await page.reload();
    await Promise.all([page.waitForURL(/\/syncs\/[0-9a-f-]{36}$/), page.getByRole('row', { name: /console/ }).getByRole('link').click()]);
    await expect(page.getByText('no text: skipped').isVisible()).resolves.toBe(true);
    await expectAccessible(page, new URL(page.url()).pathname);

    await page.goto(`${fixture.test.baseUrl}${base()}`);
    await Promise.all([page.waitForURL(/\/training-answers$/), page.getByRole('link', { name: 'Training answers' }).click()]);
    await expectAccessible(page, `${base()}/training-answers`);
    await Promise.all([page.waitForURL(/\/training-answers\/[0-9a-f-]{36}$/), page.getByRole('link', { name: 'Where is my parcel?', exact: true }).click()]);
    await expectAccessible(page, new URL(page.url()).pathname);
    await page.getByLabel('The customer’s question').fill('Where is my order?');
    await page.getByRole('button', { name: 'Save the answer' }).focus();
    await Promise.all([page.waitForURL(/done=saved$/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The training answer is saved');
    await expectAccessible(page, new URL(page.url()).pathname);

    await Promise.all([page.waitForURL(/\/training-answers$/), page.getByRole('link', { name: 'Cancel' }).click()]);
    await Promise.all([page.waitForURL(/\/delete$/), page.getByRole('link', { name: /Delete the answer to: Where is my order\?/ }).click()]);
    await expectAccessible(page, new URL(page.url()).pathname);
    await page.getByRole('button', { name: 'Delete the answer' }).focus();
    await Promise.all([page.waitForURL(/done=deleted$/), page.keyboard.press('Enter')]);
    await expect(page.getByText('No training answers yet.').isVisible()).resolves.toBe(true);
    // The CSP allows no inline script or style: a page relying on one would have logged a violation.
    expect(problems).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});
