import request from 'supertest';
import { DataSource } from 'typeorm';
import { AssistFixture, SOLVED_ESPRESSO_LEAK, startAssistFixture } from '../support/assist-fixture';
import { CapturedLog } from '../support/captured-log';
import { consoleSignIn } from '../support/console-http';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

// A solved ticket full of personal data, synced through the admin API's sync run and the simulator's incremental
// ticket export, then a new ticket asking the same: the note cites the past answer with its agent link, and the
// personal data is nowhere: not in the note, the database or the logs.
describe('Solved tickets as past answers (real PostgreSQL, Zendesk simulator)', () => {
  const log = new CapturedLog();
  let fixture: AssistFixture;
  let db: DataSource;

  const leaks = (text: string) => SOLVED_ESPRESSO_LEAK.personalData.filter((item) => text.toLowerCase().includes(item.toLowerCase()));

  beforeAll(async () => {
    fixture = await startAssistFixture({ logDestination: log, settings: { solvedTicketsEnabled: true } });
    db = fixture.test.app.get(DataSource);
  });
  afterAll(() => fixture?.close());

  it('syncs the redacted pair, cites it as "Similar solved ticket #<id>" with the agent link, and leaks nothing', async () => {
    const { zendesk, test, organizationId, auth } = fixture;
    // The incremental export is for admins.
    zendesk.setApiUserRole('admin');
    const solved = zendesk.seedSolvedTicket(SOLVED_ESPRESSO_LEAK);

    const { body: queued } = await request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202);
    let run = queued;
    for (const deadline = Date.now() + 20_000; run.status !== 'succeeded' && run.status !== 'failed'; ) {
      if (Date.now() > deadline) throw new Error(`Sync still ${run.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ body: run } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync/${queued.id}`).set(auth).expect(200));
    }
    expect(run).toMatchObject({ status: 'succeeded', counts: { solvedTickets: { fetched: 1, added: 1, updated: 0, skipped: 0, removed: 0 } } });
    const { body: summary } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/knowledge/solved-tickets`).set(auth).expect(200);
    expect(summary).toEqual({ enabled: true, count: 1, lastSyncedAt: expect.any(String) });
    const { body: graphql } = await request(test.baseUrl)
      .post('/graphql')
      .set(auth)
      .send({ query: 'query($id: ID!) { solvedTickets(organizationId: $id) { enabled count lastSyncedAt } }', variables: { id: organizationId } })
      .expect(200);
    expect(graphql.data.solvedTickets).toEqual({ enabled: true, count: 1, lastSyncedAt: summary.lastSyncedAt });
    // The console's Knowledge page counts them beside the articles, and its sync page says what the run did.
    const consoleAgent = await consoleSignIn(test.baseUrl, TEST_ADMIN_TOKEN);
    const knowledge = await consoleAgent.get(`/console/organizations/${organizationId}/knowledge`).expect(200);
    expect(knowledge.text).toMatch(/Solved tickets \(past answers, personal data removed\) <span class="muted">read up to [^<]+<\/span><\/th><td>1<\/td>/);
    const syncPage = await consoleAgent.get(`/console/organizations/${organizationId}/knowledge/syncs/${queued.id}`).expect(200);
    expect(syncPage.text).toContain('<dt>Solved tickets</dt><dd>1 fetched: 1 added, 0 updated, 0 removed, 0 without a substantive reply</dd>');

    const { decision, note } = await fixture.ask('Espresso machine leaking water', 'Water is leaking underneath the drip tray of my espresso machine. What should I do?');

    expect(decision).toMatchObject({ outcome: 'suggested' });
    const agentLink = `${zendesk.baseUrl}/agent/tickets/${solved.id}`;
    expect(note!.html_body).toContain(`<a href="${agentLink}">Similar solved ticket #${solved.id}</a>`);
    expect(note!.html_body).toContain('water tank gasket');
    // The past reply's greeting and sign-off named people: gone with them, no "Hi [name]" for another customer.
    expect(note!.html_body).not.toContain('[name]');
    // The agent link is for the rep, in the sources: never in the reply the customer would read.
    const [{ reply }] = await db.query(`SELECT reply FROM suggestions WHERE organization_id = $1`, [organizationId]);
    expect(reply).not.toContain('/agent/');
    expect(leaks(note!.html_body)).toEqual([]);

    const textColumns: { column_name: string }[] = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'kb_solved_tickets' AND data_type IN ('text', 'character varying', 'tsvector')`,
    );
    expect(textColumns.map((c) => c.column_name).sort()).toEqual(['answer', 'embedding_model', 'question', 'question_terms', 'zendesk_ticket_id']);
    const stored: Record<string, string>[] = await db.query(`SELECT ${textColumns.map((c) => `${c.column_name}::text`).join(', ')} FROM kb_solved_tickets`);
    expect(stored).toHaveLength(1);
    expect(leaks(Object.values(stored[0]).join('\n'))).toEqual([]);
    expect(stored[0].question).toContain('[email]');
    // The placeholders are not words of the question: they match nothing.
    expect(stored[0].question_terms).not.toMatch(/'(email|phone|name|number)'/);
    const decisions: { evidence: string }[] = await db.query(`SELECT evidence::text AS evidence FROM decisions WHERE organization_id = $1`, [organizationId]);
    const suggestions: { row: string }[] = await db.query(`SELECT row_to_json(s)::text AS row FROM suggestions s WHERE organization_id = $1`, [organizationId]);
    expect(leaks([...decisions.map((d) => d.evidence), ...suggestions.map((s) => s.row)].join('\n'))).toEqual([]);
    expect(log.text).toContain('solved-ticket sync');
    expect(leaks(log.text)).toEqual([]);
  });
});
