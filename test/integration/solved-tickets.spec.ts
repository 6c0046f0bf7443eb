import { DataSource } from 'typeorm';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { SolvedTicketRepository } from '../../src/modules/knowledge-base/application/ports/solved-ticket.repository';
import { SolvedTicketSyncService } from '../../src/modules/knowledge-base/application/solved-ticket-sync.service';
import { SolvedTicketsService } from '../../src/modules/knowledge-base/application/solved-tickets.service';
import { Embedder } from '../../src/modules/llm/application/ports/embedder';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { HELP_CENTER } from '../support/assist-fixture';
import { startTestApp, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

const EXPORT_PATH = '/api/v2/incremental/tickets/cursor.json';
const RETURN_ANSWER = 'Print the prepaid return label from Orders, Returns, attach it to the original box and drop it at any post office within 30 days. The refund reaches your card five days after the parcel arrives at our warehouse.';
const WARRANTY_ANSWER = 'Our warranty covers manufacturing faults for two years from delivery. Send photos of the fault with the order number through the warranty form and we ship a replacement part within a week.';

// The solved-ticket store and sync over the machine's PostgreSQL and the Zendesk simulator: the export read page by
// page, its cursor saved after each, pairs replaced and removed.
describe('Solved tickets: storage, look-up and sync (real PostgreSQL + pgvector, Zendesk simulator)', () => {
  let testApp: TestApp;
  let zendesk: ZendeskSimulator;
  let db: DataSource;
  let repository: SolvedTicketRepository;
  let solvedTickets: SolvedTicketsService;
  let sut: SolvedTicketSyncService;
  let organizations: OrganizationsService;

  beforeAll(async () => {
    testApp = await startTestApp();
    zendesk = await ZendeskSimulator.start({ ticketExportPageSize: 1, apiUserRole: 'admin' });
    db = testApp.app.get(DataSource);
    repository = testApp.app.get(SolvedTicketRepository);
    solvedTickets = testApp.app.get(SolvedTicketsService);
    sut = testApp.app.get(SolvedTicketSyncService);
    organizations = testApp.app.get(OrganizationsService);
  });
  afterAll(() => testApp?.close());
  afterAll(() => zendesk?.close());

  const register = async (name: string) => {
    const organization = await organizations.register({
      name,
      zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' },
      webhookSigningSecret: 'solved-signing-secret-0123',
    });
    await testApp.app.get(KnowledgeBaseService).upsertArticles(organization.id, HELP_CENTER.map(({ body, ...article }) => ({ ...article, bodyHtml: body })));
    await organizations.updateSettings(organization.id, { solvedTicketsEnabled: true }, 'test');
    return organization.id;
  };
  const pairs = (organizationId: string): Promise<{ ticket: string; question: string; answer: string }[]> =>
    db.query(`SELECT zendesk_ticket_id AS ticket, question, answer FROM kb_solved_tickets WHERE organization_id = $1 ORDER BY zendesk_ticket_id::bigint`, [organizationId]);
  const exportQueries = () => zendesk.requests.filter((r) => r.path === EXPORT_PATH).map((r) => r.query);

  describe('the repository', () => {
    let organizationId: string;
    beforeAll(async () => {
      organizationId = await register('Repository');
    });

    it('replaces a ticket\'s pair when it is saved again, keeps its lexemes in step, and counts pairs per organization', async () => {
      const embedder = testApp.app.get(Embedder);
      const embedded = async (question: string) => ({ embedding: (await embedder.embed([question]))[0], model: embedder.model });
      const question = 'How do I return a damaged blender for a refund?';
      await expect(repository.save(organizationId, { ticketId: '7', question, answer: RETURN_ANSWER, answeredAt: '2026-10-01T10:00:00Z' }, question, await embedded(question))).resolves.toBe('added');
      const warranty = 'Is the coffee grinder motor covered by the warranty?';
      await expect(repository.save(organizationId, { ticketId: '7', question: warranty, answer: WARRANTY_ANSWER, answeredAt: '2026-10-02T10:00:00Z' }, warranty, await embedded(warranty))).resolves.toBe('updated');
      expect(await pairs(organizationId)).toEqual([{ ticket: '7', question: warranty, answer: WARRANTY_ANSWER }]);
      const [{ terms }] = await db.query(`SELECT question_terms::text AS terms FROM kb_solved_tickets WHERE organization_id = $1`, [organizationId]);
      expect(terms).toContain("'grinder'");
      expect(terms).not.toContain("'blender'");
      await expect(repository.count(organizationId)).resolves.toBe(1);
    });

    it('finds a reworded question by its rare words, as a past answer with the agent link, never for the ticket itself', async () => {
      const found = await solvedTickets.findPassage(organizationId, 'https://acme.zendesk.com/', 'Warranty cover for the motor of my coffee grinder', '99');
      expect(found?.passage).toMatchObject({
        title: 'Similar solved ticket #7',
        url: 'https://acme.zendesk.com/agent/tickets/7',
        origin: 'solved_ticket',
        externalId: 'solved_ticket:7',
        content: WARRANTY_ANSWER,
      });
      expect(found!.margin).toBeGreaterThanOrEqual(1);
      await expect(solvedTickets.findPassage(organizationId, 'https://acme.zendesk.com', 'Warranty cover for the motor of my coffee grinder', '7')).resolves.toBeNull();
      await expect(solvedTickets.findPassage(organizationId, 'https://acme.zendesk.com', 'How do I reset my password?', null)).resolves.toBeNull();
    });
  });

  describe('the sync', () => {
    let organizationId: string;
    let returns: number;
    let warranty: number;

    beforeAll(async () => {
      organizationId = await register('Sync');
      returns = zendesk.seedSolvedTicket({
        subject: 'Return a broken blender',
        requester: { name: 'Dana Whitfield' },
        agent: { name: 'Sam Okafor' },
        conversation: [
          { by: 'requester', body: 'My blender arrived broken. How do I send it back and get a refund?' },
          { by: 'agent', body: RETURN_ANSWER },
        ],
        solvedSecondsAgo: 7200,
      }).id;
      zendesk.seedSolvedTicket({
        subject: 'Thanks',
        requester: { name: 'Lee Park' },
        agent: { name: 'Sam Okafor' },
        conversation: [
          { by: 'requester', body: 'All good now, thank you!' },
          { by: 'agent', body: 'Thanks, closing this ticket.' },
        ],
        status: 'closed',
        solvedSecondsAgo: 7000,
      });
      warranty = zendesk.seedSolvedTicket({
        subject: 'Grinder warranty',
        requester: { name: 'Ana Ruiz' },
        agent: { name: 'Sam Okafor' },
        conversation: [
          { by: 'requester', body: 'The motor of my coffee grinder stopped after a month. Is that covered?' },
          { by: 'agent', body: WARRANTY_ANSWER },
        ],
        solvedSecondsAgo: 6800,
      }).id;
      // Still open: not a past answer.
      zendesk.seedSolvedTicket({
        subject: 'Where is my order?',
        requester: { name: 'Kim Lo' },
        agent: { name: 'Sam Okafor' },
        conversation: [
          { by: 'requester', body: 'It has been a week. Where is my order?' },
          { by: 'agent', body: 'Your order left our warehouse yesterday; the courier delivers it within three business days, tracking follows by email.' },
        ],
        status: 'open',
        solvedSecondsAgo: 6700,
      });
    });

    it('stops at a failed page with the cursor of the pages read saved, and the next sync resumes from it', async () => {
      let exportCalls = 0;
      zendesk.failNext(1, { status: 400, match: (_, path) => path === EXPORT_PATH && ++exportCalls === 2 });
      await expect(sut.sync('00000000-0000-4000-8000-000000000001', organizationId)).rejects.toThrow(/HTTP 400/);
      expect(await pairs(organizationId)).toEqual([expect.objectContaining({ ticket: String(returns) })]);
      const [first] = exportQueries();
      expect(Number(first.start_time)).toBeCloseTo(Date.now() / 1000 - 180 * 86400, -2);
      const saved = await repository.exportCursor(organizationId);
      expect(saved).toEqual(expect.any(String));
      await expect(repository.lastSyncedAt(organizationId)).resolves.toBeNull();

      const before = exportQueries().length;
      const counts = await sut.sync('00000000-0000-4000-8000-000000000002', organizationId);
      expect(exportQueries()[before]).toEqual({ cursor: saved });
      // The blender's page is not read again; the thank-you ticket is skipped; the open one is no pair.
      expect(counts).toEqual({ fetched: 3, added: 1, updated: 0, skipped: 1, removed: 0 });
      expect((await pairs(organizationId)).map((pair) => pair.answer)).toEqual([RETURN_ANSWER, WARRANTY_ANSWER]);
      await expect(repository.lastSyncedAt(organizationId)).resolves.toEqual(expect.any(Date));
    });

    it('replaces the pair of a ticket solved again, from the saved cursor on', async () => {
      const agentId = zendesk.getTicket(returns).comments[1].author_id;
      const longer = `${RETURN_ANSWER} Keep the receipt until the refund arrives.`;
      zendesk.solveAgain(returns, { authorId: agentId, body: longer });
      const before = exportQueries().length;
      await expect(sut.sync('00000000-0000-4000-8000-000000000003', organizationId)).resolves.toEqual({ fetched: 1, added: 0, updated: 1, skipped: 0, removed: 0 });
      expect(exportQueries().slice(before)).toEqual([{ cursor: expect.any(String) }]);
      expect((await pairs(organizationId)).map((pair) => pair.answer)).toEqual([longer, WARRANTY_ANSWER]);
    });

    it('keeps the pair of a ticket reopened between the export listing it solved and its read', async () => {
      const reopened = { id: String(returns), subject: 'Return', status: 'open' as const, tags: [], updatedAt: new Date().toISOString(), requesterId: '1', requesterLocale: null, comments: [] };
      await expect(solvedTickets.keep(organizationId, reopened)).resolves.toBe('skipped');
      expect((await pairs(organizationId)).map((pair) => pair.ticket)).toContain(String(returns));
    });

    it('removes the pair of a ticket deleted in Zendesk', async () => {
      zendesk.deleteTicket(warranty, 1800);
      await expect(sut.sync('00000000-0000-4000-8000-000000000006', organizationId)).resolves.toEqual({ fetched: 1, added: 0, updated: 0, skipped: 0, removed: 1 });
      expect((await pairs(organizationId)).map((pair) => pair.ticket)).toEqual([String(returns)]);
    });

    it('deletes every pair of the organization, and its cursor, once the setting is off', async () => {
      await organizations.updateSettings(organizationId, { solvedTicketsEnabled: false }, 'test');
      const requests = zendesk.requests.length;
      await expect(sut.sync('00000000-0000-4000-8000-000000000004', organizationId)).resolves.toEqual({ fetched: 0, added: 0, updated: 0, skipped: 0, removed: 1 });
      expect(await pairs(organizationId)).toEqual([]);
      await expect(repository.exportCursor(organizationId)).resolves.toBeNull();
      expect(zendesk.requests.length).toBe(requests);
      await expect(sut.sync('00000000-0000-4000-8000-000000000005', organizationId)).resolves.toBeNull();
    });
  });
});
