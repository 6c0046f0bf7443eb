import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT } from '../support/browser';
import { expectOnlyPrivateNotesAndAddedTags } from '../support/assist-fixture';
import { launchConsoleBrowser, pageProblems } from '../support/console-browser';
import { freePort, startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// `npm run screenshots` keeps them in docs/screenshots for the README; otherwise they go to a temporary folder.
const KEPT_SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS_DIR;
const SCREENSHOTS = resolve(KEPT_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'console-screens-')));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('A new admin, from an empty database to a first internal note, through the console alone (headless Chromium)', () => {
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let browser: Browser;
  let violationsOf: (page: Page) => Promise<unknown[]>;

  beforeAll(async () => {
    // An admin's API token, a help center with articles, and no organization anywhere yet.
    zendesk = await ZendeskSimulator.start({ apiUserRole: 'admin' });
    zendesk.addArticle({ title: 'How to reset your password', body: '<p>Open the sign-in page and click <strong>Forgot password</strong>. Enter the email address of your account and we send you a reset link, valid for 24 hours.</p>' });
    zendesk.addArticle({ title: 'Shipping times and tracking', body: '<p>Orders ship within 2 business days. You receive a tracking number by email once your parcel leaves our warehouse.</p>' });
    // The webhook Zendesk is told to call must reach this app: PUBLIC_BASE_URL names its own port.
    const port = await freePort();
    test = await startTestApp({ port, env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
    ({ browser, violationsOf } = await launchConsoleBrowser());
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await zendesk?.close();
    if (!KEPT_SCREENSHOTS) rmSync(SCREENSHOTS, { recursive: true, force: true });
  });

  // Each screen as the admin sees it: checked by axe, and kept as a picture for the README.
  const screen = async (page: Page, name: string) => {
    await expect(violationsOf(page)).resolves.toEqual([]);
    // The first screenful, as the admin lands on it.
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  };
  const submit = (page: Page, name: string | RegExp, url?: RegExp) =>
    Promise.all([url ? page.waitForURL(url) : page.waitForEvent('framenavigated'), page.getByRole('button', { name }).click()]);
  const follow = (page: Page, name: string | RegExp, url: RegExp) => Promise.all([page.waitForURL(url), page.getByRole('link', { name }).first().click()]);

  it('signs in, creates the organization, connects Zendesk, turns Assist on, adds a no-assist topic, syncs the help center and reads why a ticket got its note', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const problems = pageProblems(page);

    // The start page leads to the console.
    await page.goto(test.baseUrl);
    await follow(page, 'Admin console', /\/console$/);
    await screen(page, 'sign-in');
    await page.getByLabel('Token').fill(TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForURL(/\/console\/organizations$/), page.getByLabel('Token').press('Enter')]);
    await expect(page.getByText('None yet: create the first one below.').isVisible()).resolves.toBe(true);

    // The organization: no signing secret to paste, Connect Zendesk fetches the webhook's own.
    await page.getByLabel('Name').fill('Acme');
    await page.getByLabel(/Zendesk subdomain/).fill('acme');
    await page.getByLabel('Zendesk agent email').fill('agent@example.com');
    await page.getByLabel('Zendesk API token').fill('sim-token');
    await submit(page, 'Create organization', /\/console\/organizations\/[0-9a-f-]{36}\?done=created$/);
    const organizationUrl = page.url().replace(/\?.*$/, '');
    await screen(page, 'organization');

    // Connect Zendesk: the simulator's address, the token tested, the webhook and trigger created.
    await follow(page, /Connect Zendesk/, /\/zendesk$/);
    await page.getByLabel(/^Subdomain/).fill('');
    await page.getByLabel(/^Or a base URL/).fill(zendesk.baseUrl);
    await submit(page, 'Save the connection', /\/zendesk\?/);
    await submit(page, 'Test connection');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('role admin');
    await submit(page, 'Create them for me', /done=created-created$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Created the webhook and the trigger');
    await screen(page, 'connect-zendesk');

    // Settings: Assist on.
    await page.goto(organizationUrl);
    await page.getByLabel('Assist on').check();
    await submit(page, 'Save settings', /done=saved$/);
    await expect(page.getByRole('row', { name: /assistEnabled/ }).first().textContent()).resolves.toContain('false → true');

    // Topics: legal threats go to a human.
    await follow(page, 'Topics', /\/topics$/);
    await follow(page, 'New topic', /\/topics\/new$/);
    await page.getByLabel('Name').fill('Legal');
    await page.getByLabel('Description').fill('Lawyers and lawsuits');
    await page.getByLabel(/Keywords/).fill('lawyer\nlawsuit');
    await page.getByLabel('No-assist').check();
    await submit(page, 'Create the topic', /\/topics\?done=created$/);
    await screen(page, 'topics');

    // Knowledge: the help center synced, watched to its end.
    await page.goto(organizationUrl);
    await follow(page, /^Knowledge/, /\/knowledge$/);
    await submit(page, 'Sync now');
    await page.locator('#sync-progress', { hasText: /^Sync succeeded/ }).waitFor({ timeout: 30_000 });
    await page.reload();
    await expect(page.getByRole('row', { name: /^en-us/ }).textContent()).resolves.toMatch(/2\s*$/);
    await screen(page, 'knowledge');

    // A customer writes in: the trigger calls the webhook, Assist answers with an internal note.
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    const [delivery] = await zendesk.deliveriesSettled();
    expect(delivery).toMatchObject({ status: 202 });
    const note = await waitFor(() => zendesk.getTicket(ticket.id).comments.find((comment) => !comment.public));
    expect(note.body).toContain('Forgot password');

    // Tickets: why it got the note.
    await page.goto(organizationUrl);
    await follow(page, /^Tickets/, /\/tickets$/);
    await screen(page, 'tickets');
    await follow(page, `#${ticket.id}`, new RegExp(`/tickets/${ticket.id}$`));
    await expect(page.getByText('Decision: suggested').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'How to reset your password' }).first().isVisible()).resolves.toBe(true);
    await screen(page, 'ticket-timeline');

    // Insights: the period's figures, no key typed.
    await page.goto(organizationUrl);
    await follow(page, 'Insights', /\/insights$/);
    await screen(page, 'insights');

    expect(problems).toEqual([]);
    expectOnlyPrivateNotesAndAddedTags(zendesk, [], { connectedFromConsole: true });
    for (const name of ['sign-in', 'organization', 'connect-zendesk', 'topics', 'knowledge', 'tickets', 'ticket-timeline', 'insights']) {
      expect(readFileSync(join(SCREENSHOTS, `${name}.png`)).subarray(0, 4)).toEqual(PNG_SIGNATURE);
    }
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});

async function waitFor<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
