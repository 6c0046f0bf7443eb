import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SIGNING_SECRET, setUpOrganization, waitForDecisions } from '../support/assist-fixture';
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
