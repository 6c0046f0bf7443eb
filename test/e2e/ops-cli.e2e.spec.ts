import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AssistFixture, SIGNING_SECRET, SOLVED_ESPRESSO_LEAK, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

const execFileAsync = promisify(execFile);
// Each CLI run compiles and starts the app in a child process: four of them took over 90 s at a load of 10+ (CI
// beside the other suites).
const CLI_TEST_TIMEOUT = 240_000;

// `npm run cli -- …` as a child process on the app's database, the way an operator runs it beside a live instance.
describe('Ops CLI: explain, replay, sync, orgs list (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;
  let ticketId: number;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, test, organizationId, webhookUrl } = fixture);
    ticketId = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' }).id;
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
    await waitForDecisions(test, organizationId, ticketId, 1);
  });

  afterAll(() => fixture?.close());

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'tools/cli.ts', ...args], {
        env: { ...process.env, ...test.env },
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout: string; stderr: string };
      if (typeof failed.code !== 'number') throw error;
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const notesOn = (id: number) => zendesk.getTicket(id).comments.filter((c) => !c.public);

  it('lists the organizations', async () => {
    const { code, stdout } = await cli('orgs', 'list');
    expect(code).toBe(0);
    expect(stdout).toContain(`${organizationId}  assist on   ${zendesk.baseUrl}  Acme`);
  }, CLI_TEST_TIMEOUT);

  it("explains a ticket: its webhook, the decision with its evidence, the note's Zendesk comment and training link", async () => {
    const { code, stdout } = await cli('explain', '--org', organizationId, '--ticket', String(ticketId));
    expect(code).toBe(0);
    const [note] = notesOn(ticketId);
    expect(stdout).toContain(`Ticket ${ticketId} of Acme (${organizationId})`);
    expect(stdout).toMatch(/Webhooks \(1\)\n {2}\S+ {2}valid +event [0-9a-f-]{36}/);
    expect(stdout).toMatch(/suggested suggested {2}comment \d+ {2}event [0-9a-f-]{36}/);
    expect(stdout).toContain('retrieval: 101 "How to reset your password" score');
    expect(stdout).toContain(`as Zendesk comment ${note.id}, sourced`);
    expect(stdout).toMatch(/training link: valid \(expires \S+\): \S+\/training\/[0-9a-f-]{36}\?token=/);
    expect(stdout).toContain('topics: none matched');
  }, CLI_TEST_TIMEOUT);

  it('explains a quiet decision: each topic matched with the reason the decision recorded', async () => {
    const quiet = zendesk.createTicket({ subject: 'Complaint', body: 'My lawyer will file a lawsuit about my password.' }).id;
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(quiet) });
    const [decision] = await waitForDecisions(test, organizationId, quiet, 1);

    const { code, stdout } = await cli('explain', '--org', organizationId, '--ticket', String(quiet));

    expect(code).toBe(0);
    expect(decision.evidence.topics).toEqual([{ name: 'Legal', noAssist: true, because: 'keyword:lawsuit' }]);
    expect(stdout).toMatch(/skipped no_assist_topic[^\n]*\n {6}tags applied: opencx_skipped_assist_mode_because_of_the_topic_in_no_assist_list/);
    expect(stdout).toContain('topics: Legal (no-assist) because keyword:lawsuit');
  }, CLI_TEST_TIMEOUT);

  it('replays with --dry-run: prints the decision and the note, writes nothing anywhere', async () => {
    const writesBefore = zendesk.writes().length;
    const decisionsBefore = (await waitForDecisions(test, organizationId, ticketId)).length;

    const { code, stdout } = await cli('replay', '--org', organizationId, '--ticket', String(ticketId), '--dry-run');

    expect(code).toBe(0);
    expect(stdout).toContain('(dry run: nothing written to Zendesk or to the decision log)');
    expect(stdout).toMatch(/Decision: suggested suggested/);
    expect(stdout).toMatch(/Note that would be posted:\n<p><strong>Suggested reply<\/strong>[\s\S]*Forgot password/);
    expect(zendesk.writes()).toHaveLength(writesBefore);
    expect(await waitForDecisions(test, organizationId, ticketId)).toHaveLength(decisionsBefore);
  }, CLI_TEST_TIMEOUT);

  it('replays for real: a second note within the dedupe window, recorded as a replay, and redeliveries stay duplicates', async () => {
    expect(notesOn(ticketId)).toHaveLength(1);

    const { code, stdout } = await cli('replay', '--org', organizationId, '--ticket', String(ticketId));

    expect(code).toBe(0);
    expect(stdout).toMatch(/Note posted \(suggestion [0-9a-f-]{36}\):/);
    expect(notesOn(ticketId)).toHaveLength(2);
    const [latest] = await waitForDecisions(test, organizationId, ticketId, 2);
    expect(latest).toMatchObject({ outcome: 'suggested', evidence: expect.objectContaining({ replay: true }) });

    // The replay owns the comment now: the trigger our note fires is a duplicate, not a third note.
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
    const [afterRedelivery] = await waitForDecisions(test, organizationId, ticketId, 3);
    expect(afterRedelivery).toMatchObject({ outcome: 'skipped', reason: 'duplicate' });
    expect(notesOn(ticketId)).toHaveLength(2);
  }, CLI_TEST_TIMEOUT);

  it('syncs now and prints what the run did to the help center, the macros and the solved tickets', async () => {
    zendesk.addMacro({ title: 'Damaged item: refund', comment: 'Reply with a photo of the damage and we refund the full price.' });
    zendesk.setApiUserRole('admin');
    zendesk.seedSolvedTicket(SOLVED_ESPRESSO_LEAK);
    await test.app.get(OrganizationsService).updateSettings(organizationId, { macrosEnabled: true, solvedTicketsEnabled: true }, 'operator');

    const synced = await cli('sync', '--org', organizationId);

    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/^Sync [0-9a-f-]{36} succeeded/m);
    expect(synced.stdout).toContain('  macros: fetched 1 · added 1 · updated 0 · removed 0 · unchanged 0 · excluded 0');
    expect(synced.stdout).toContain('  solved tickets: fetched 1 · added 1 · updated 0 · removed 0 · without a substantive reply 0');
  }, CLI_TEST_TIMEOUT);

  it('answers --help with 0, a usage error with 2 and an unknown organization with 1', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run cli -- <command>[\s\S]*explain --org[\s\S]*replay --org[\s\S]*orgs list/);

    const usage = await cli('replay', '--ticket', String(ticketId));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--org <organization id> is required[\s\S]*usage: npm run cli -- <command>/);

    const unknown = await cli('explain', '--org', '00000000-0000-4000-8000-000000000000', '--ticket', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Organization 00000000-0000-4000-8000-000000000000 not found');
  }, CLI_TEST_TIMEOUT);
});
