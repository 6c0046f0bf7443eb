import { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations } from './browser';

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
