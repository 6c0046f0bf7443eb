import { Browser } from 'playwright-core';
import { pageProblems } from '../support/console-browser';
import { trainingLinkInNote } from '../../src/modules/assist/domain/training-link';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';
import { accessibilityViolations, BROWSER_TEST_TIMEOUT, launchBrowser } from '../support/browser';

const REP_ANSWER = 'Open Billing, then Invoices, and click Download PDF next to the invoice you need.';

describe('The training loop in a browser: a rep corrects a draft from the note\'s link, the next similar ticket uses it (headless Chromium)', () => {
  let fixture: AssistFixture;
  let browser: Browser;
  let firstLink: string;

  beforeAll(async () => {
    // The app's public address is its own port: the note's link opens exactly as posted.
    fixture = await startAssistFixture({ ownPublicAddress: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const suggest = (subject: string, body: string) => fixture.ask(subject, body);

  it('opens the link from a posted note, saves the rep\'s answer by keyboard, and grounds the next similar ticket on it', async () => {
    const first = await suggest('Invoices as PDF', 'How can I export my invoices as PDF files?');
    expect(first.decision).toMatchObject({ outcome: 'suggested' });
    expect(first.note!.html_body).not.toContain(REP_ANSWER);
    const link = trainingLinkInNote(first.note!.html_body, first.decision.suggestionId!)!;
    firstLink = link;
    expect(link.startsWith(`${fixture.test.baseUrl}/training/`)).toBe(true);

    const page = await browser.newPage();
    const problems = pageProblems(page);
    await page.goto(link);
    await expect(page.getByRole('heading', { name: /Train this answer/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Question', { exact: true }).inputValue()).resolves.toContain('export my invoices as PDF');

    await page.getByLabel('The right answer').fill(REP_ANSWER);
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Save answer');
    await Promise.all([page.waitForURL(/done=answer_corrected/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your answer is saved');
    // The CSP allows no inline script or style: a page that relied on one would log a violation here.
    expect(problems).toEqual([]);
    await page.close();

    const next = await suggest('PDF export', 'Can I export my invoices to PDF?');
    expect(next.decision).toMatchObject({ outcome: 'suggested' });
    expect((next.decision.evidence.retrieval as { title: string }[])[0]).toMatchObject({ title: 'Answer from your team' });
    expect(next.note!.html_body).toContain(REP_ANSWER);
  }, BROWSER_TEST_TIMEOUT);

  it('passes axe-core\'s WCAG 2.1 AA and best-practice checks, history and all', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(firstLink);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
