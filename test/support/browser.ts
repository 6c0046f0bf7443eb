import { Browser, chromium, Page } from 'playwright-core';

// Debian's Chromium (installed by .ci/run), never a downloaded browser. The background-networking flags keep it
// from calling Google's hosts, which this machine's closed network refuses.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// A browser test's own limit: Chromium's start, the pages and axe's checks took over jest's 30 s on a busy 2-core
// machine (CI beside other suites).
export const BROWSER_TEST_TIMEOUT = 120_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface AccessibilityViolation {
  rule: string;
  help: string;
  targets: string[];
}

// axe-core's WCAG 2.1 A/AA and best-practice checks on the page as it stands. axe is injected as a script, so
// the page must come from a context made with `bypassCSP: true` (the pages' own CSP refuses foreign scripts).
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })`,
  )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
  return results.violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}
