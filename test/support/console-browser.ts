import { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from './browser';

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
