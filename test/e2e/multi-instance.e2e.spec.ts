import request from 'supertest';
import { expectOnlyPrivateNotesAndAddedTags, SIGNING_SECRET, setUpOrganization, waitForDecisions } from '../support/assist-fixture';
import { startTestApp, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// Production runs several instances on one PostgreSQL: webhooks land anywhere, the queue is shared.
describe('Several instances on one database (real PostgreSQL, pg-boss)', () => {
  let zendesk: ZendeskSimulator;
  let webOnly: TestApp;
  const workers: TestApp[] = [];

  beforeAll(async () => {
    zendesk = await ZendeskSimulator.start();
    webOnly = await startTestApp({ env: { WORKER_ENABLED: 'false' } });
  });
  afterAll(async () => {
    expectOnlyPrivateNotesAndAddedTags(zendesk);
    for (const worker of workers) await worker.close();
    await webOnly?.close();
    await zendesk?.close();
  });

  it('keeps accepted events until a worker takes them, then suggests exactly once per comment', async () => {
    const { organizationId, webhookUrl } = await setUpOrganization(webOnly, zendesk);
    const tickets = Array.from({ length: 6 }, (_, i) =>
      zendesk.createTicket({ subject: `Parcel ${i}`, body: 'How long does shipping take and how do I track my order?' }),
    );
    const deliveries = tickets.flatMap((ticket) => [ticket, ticket, ticket]);
    const statuses = await Promise.all(deliveries.map((t) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: t.id })));
    expect(statuses.map((s) => s.status)).toEqual(deliveries.map(() => 202));

    // Nobody works the queue yet: the events wait, durably, in PostgreSQL; a ticket's redeliveries are
    // coalesced into its first, still waiting, event (and say so), nothing is read from Zendesk.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await waitForDecisions(webOnly, organizationId, tickets[0].id, 0)).map((d) => d.reason)).toEqual(['duplicate', 'duplicate']);
    expect(zendesk.requests).toEqual([]);

    const databaseUrl = webOnly.config.databaseUrl!;
    workers.push(await startTestApp({ env: { DATABASE_URL: databaseUrl } }), await startTestApp({ env: { DATABASE_URL: databaseUrl } }));

    for (const ticket of tickets) {
      const decisions = await waitForDecisions(webOnly, organizationId, ticket.id, 3);
      // The three deliveries came while nobody worked the queue: one job, the other two coalesced into it.
      expect(decisions.map((d) => d.reason).sort()).toEqual(['duplicate', 'duplicate', 'suggested']);
      const into = new Set(decisions.filter((d) => d.evidence.coalescedInto).map((d) => d.evidence.coalescedInto));
      expect([...into]).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      expect(zendesk.getTicket(ticket.id).comments.filter((c) => !c.public)).toHaveLength(1);
    }
  }, 60_000);

  it("takes a secret rotated on another instance at once, though this one had the old one cached; refuses a deleted organization's deliveries", async () => {
    const other = await startTestApp({ env: { DATABASE_URL: webOnly.config.databaseUrl!, WORKER_ENABLED: 'false' } });
    try {
      const { organizationId, auth } = await setUpOrganization(webOnly, zendesk);
      const otherUrl = `${other.baseUrl}/webhooks/zendesk/${organizationId}`;
      const fire = (secret: string, ticketId: number) => zendesk.fireWebhook(otherUrl, secret, { ticket_id: ticketId }).then((r) => r.status);
      // The other instance reads the secret once and keeps it a few seconds.
      expect([await fire(SIGNING_SECRET, 101), await fire(SIGNING_SECRET, 102)]).toEqual([202, 202]);

      const rotated = 'rotated-on-the-first-instance-5d1e';
      await request(webOnly.baseUrl).patch(`/admin/organizations/${organizationId}`).set(auth).send({ webhookSigningSecret: rotated }).expect(200);
      expect([await fire(rotated, 103), await fire(SIGNING_SECRET, 104), await fire(rotated, 105)]).toEqual([202, 401, 202]);

      await request(webOnly.baseUrl).delete(`/admin/organizations/${organizationId}`).set(auth).expect(204);
      // Verified by the cached secret, refused by the missing organization; or refused by it and read again.
      expect([await fire(rotated, 106), await fire(SIGNING_SECRET, 107)]).toEqual([404, 404]);
    } finally {
      await other.close();
    }
  }, 60_000);
});
