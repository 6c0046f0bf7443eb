import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from './browser';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from './test-app';

// The console page the admin is on, as they see it (a POST's answer included), checked by axe in `checker`, a
// context that bypasses the CSP (axe is an injected script): with their session, at `url`, its HTML written in.
export async function consoleAccessibilityViolations(checker: BrowserContext, page: Page, url: string) {
  await checker.clearCookies();
  await checker.addCookies(await page.context().cookies());
  const copy = await checker.newPage();
  await copy.goto(url);
  await copy.setContent(await page.content());
  const violations = await accessibilityViolations(copy);
  await copy.close();
  return violations;
}

export interface ConsoleBrowserApp {
  test: TestApp;
  organizationId: string;
  browser: Browser;
  // Where axe runs: a context that bypasses the CSP.
  checker: BrowserContext;
}

// For a describe block: an app with one organization, Acme (made through the admin API), and Chromium, started
// before its tests and closed after them.
export function consoleBrowserApp(): ConsoleBrowserApp {
  const app = {} as ConsoleBrowserApp & { close?: () => Promise<void> };
  beforeAll(async () => Object.assign(app, await startConsoleBrowserApp()));
  afterAll(() => app.close?.());
  return app;
}

async function startConsoleBrowserApp(): Promise<ConsoleBrowserApp & { close(): Promise<void> }> {
  const test = await startTestApp();
  const organizationId: string = (
    await request(test.baseUrl)
      .post('/admin/organizations')
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .send({ name: 'Acme', zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'zendesk-token' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' })
      .expect(201)
  ).body.id;
  // Without Chromium, the app must not outlive the failed set-up.
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await test.close();
    throw error;
  });
  const checker = await browser.newContext({ bypassCSP: true });
  return {
    test,
    organizationId,
    browser,
    checker,
    close: async () => {
      await browser.close();
      await test.close();
    },
  };
}

// A browser for console journeys, and axe's verdict on a page as the admin sees it (see above).
export async function launchConsoleBrowser() {
  const browser = await launchBrowser();
  // axe is injected as a script, which the pages' own CSP refuses: it checks each page again in a context of its own.
  const checker = await browser.newContext({ bypassCSP: true });
  return { browser, violationsOf: (page: Page) => consoleAccessibilityViolations(checker, page, page.url()) };
}

// The sign-in form, by keyboard, as an admin pasting their token.
export async function signInToConsole(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('Token').fill(token);
  await Promise.all([page.waitForURL(/\/console\/organizations/), page.getByLabel('Token').press('Enter')]);
}

// What the page logged as an error or threw: a page relying on an inline script or style (refused by the CSP) logs one.
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
