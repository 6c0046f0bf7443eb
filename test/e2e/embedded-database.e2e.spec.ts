import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SIGNING_SECRET, setUpOrganization, SOLVED_ESPRESSO_LEAK, waitForDecisions } from '../support/assist-fixture';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// `npm start` without DATABASE_URL: the same migrations, queue and pipeline on embedded PGlite + pgvector.
describe('Embedded PostgreSQL (PGlite): the zero-install default', () => {
  let zendesk: ZendeskSimulator;
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-embedded-'));

  beforeAll(async () => {
    zendesk = await ZendeskSimulator.start();
  });
  afterAll(async () => {
    await zendesk?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the whole pipeline and keeps its data across restarts', async () => {
    const first = await startTestApp({ embedded: true, env: { DATA_DIR: dataDir } });
    let organizationId: string;
    try {
      let webhookUrl: string;
      ({ organizationId, webhookUrl } = await setUpOrganization(first, zendesk));
      const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'How do I reset my password?' });
      expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: ticket.id })).status).toBe(202);
      const [decision] = await waitForDecisions(first, organizationId, ticket.id);
      expect(decision).toMatchObject({ outcome: 'suggested' });
      expect(zendesk.getTicket(ticket.id).comments.filter((c) => !c.public)).toHaveLength(1);

      // Macros and solved tickets, synced into the embedded database, suggested and cited.
      zendesk.addMacro({ title: 'Damaged item: refund', comment: 'Reply with a photo of the damage and we refund the full price within 5 business days.' });
      zendesk.setApiUserRole('admin');
      const solved = zendesk.seedSolvedTicket(SOLVED_ESPRESSO_LEAK);
      const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
      await request(first.baseUrl).patch(`/admin/organizations/${organizationId}/settings`).set(auth).send({ macrosEnabled: true, solvedTicketsEnabled: true }).expect(200);
      const { body: queued } = await request(first.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202);
      let run = queued;
      for (const deadline = Date.now() + 60_000; !run.finishedAt; await new Promise((resolve) => setTimeout(resolve, 200))) {
        if (Date.now() > deadline) throw new Error(`Sync still ${run.status}`);
        ({ body: run } = await request(first.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync/${queued.id}`).set(auth).expect(200));
      }
      expect(run).toMatchObject({ status: 'succeeded', counts: { macros: { added: 1 }, solvedTickets: { added: 1 } } });
      const notesOn = async (subject: string, body: string) => {
        const asked = zendesk.createTicket({ subject, body });
        expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: asked.id })).status).toBe(202);
        await waitForDecisions(first, organizationId, asked.id);
        return zendesk.getTicket(asked.id).comments.filter((c) => !c.public).map((c) => c.html_body);
      };
      expect(await notesOn('Damaged item', 'My order arrived and the item is damaged. Can I get a refund?')).toEqual([
        expect.stringMatching(/^<p><strong>Suggested macro:<\/strong> Damaged item: refund<\/p>/),
      ]);
      const [leakNote] = await notesOn('Water under my coffee machine', 'Water is leaking under the drip tray of my espresso machine. What can I do?');
      expect(leakNote).toContain(`Similar solved ticket #${solved.id}`);
      expect(SOLVED_ESPRESSO_LEAK.personalData.filter((item) => leakNote.includes(item))).toEqual([]);
    } finally {
      await first.app.close();
    }

    const second = await startTestApp({ embedded: true, env: { DATA_DIR: dataDir } });
    try {
      const response = await request(second.baseUrl)
        .get(`/admin/organizations/${organizationId}`)
        .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
        .expect(200);
      expect(response.body.settings.assistEnabled).toBe(true);
    } finally {
      await second.app.close();
    }
    // Two starts, the first a cold PGlite (single-threaded WASM: initdb, pgvector, every migration): see
    // observability.e2e.spec.ts for why four minutes.
  }, 240_000);
});
