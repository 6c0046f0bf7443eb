import { DataSource } from 'typeorm';
import { AssistFixture, startAssistFixture, syncAndWait } from '../support/assist-fixture';
import { SolvedTicketSeed } from '../support/zendesk-simulator';

interface RunView {
  status: string;
  error: string | null;
  counts: Record<string, unknown> & { macros?: Record<string, number>; solvedTickets?: Record<string, number> };
  problems: { articleId: string; locale: string; reason: string; detail?: string }[];
}

const MACROS_PATH = '/api/v2/macros/active.json';
const EXPORT_PATH = '/api/v2/incremental/tickets/cursor.json';

const solvedTicket = (subject: string): SolvedTicketSeed => ({
  subject,
  requester: { name: 'Robin Customer' },
  agent: { name: 'Alex Agent' },
  conversation: [
    { by: 'requester', body: `${subject}: the grinder stopped turning and makes a clicking noise. What can I do?` },
    { by: 'agent', body: 'Empty the bean hopper, remove the upper burr by turning it anticlockwise, brush out the old grounds and put it back. The clicking stops once the burr sits flat again.' },
  ],
});

// Malformed answers from Zendesk on the two reads the sync run added (macros, the ticket export and each solved
// ticket's read), injected into the simulator: each ends the run with a recorded outcome, and the next sync,
// faults off, completes from where the failed one stopped.
describe('Macros and solved tickets under Zendesk faults (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let db: DataSource;

  beforeAll(async () => {
    fixture = await startAssistFixture({ settings: { macrosEnabled: true, solvedTicketsEnabled: true }, checkZendeskWrites: false });
    db = fixture.test.app.get(DataSource);
    // The incremental export is for admins.
    fixture.zendesk.setApiUserRole('admin');
  });
  afterEach(() => fixture.zendesk.clearFaults());
  afterAll(() => fixture?.close());

  const sync = () => syncAndWait<RunView>(fixture.test, fixture.organizationId, fixture.auth, 60_000);
  const macroCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM kb_articles WHERE organization_id = $1 AND source = 'macro'`, [fixture.organizationId]))[0].n);
  const pairCount = async () => Number((await db.query(`SELECT count(*) AS n FROM kb_solved_tickets WHERE organization_id = $1`, [fixture.organizationId]))[0].n);
  const requestsFrom = (index: number, path: string) => fixture.zendesk.requests.slice(index).filter((r) => r.path === path);

  it('skips a macro without an id and one whose title is not text, listing both among the run problems', async () => {
    const macros = [
      { id: 900001, title: 'Loose burr', updated_at: '2026-11-01T10:00:00Z', actions: [{ field: 'comment_value', value: 'Turn the upper burr until it clicks into place.' }] },
      { title: 'No id', updated_at: '2026-11-01T10:00:00Z', actions: [] },
      { id: 900002, title: { en: 'Not text' }, updated_at: '2026-11-01T10:00:00Z', actions: [] },
    ];
    fixture.zendesk.failNext(1, { status: 200, body: { macros, meta: { has_more: false }, links: { next: null } }, match: (_, path) => path === MACROS_PATH });

    const run = await sync();

    expect(run).toMatchObject({ status: 'succeeded', error: null, counts: { macros: { fetched: 3, added: 1, skipped: 2 } } });
    expect(run.problems).toEqual(
      expect.arrayContaining([
        { articleId: '', locale: expect.any(String), reason: 'malformed_macro', detail: 'no Zendesk id' },
        { articleId: '900002', locale: expect.any(String), reason: 'malformed_macro', detail: 'title is not text' },
      ]),
    );
    expect(await macroCount()).toBe(1);
  });

  it('fails the run on a malformed macros page, keeping the pages before it, and the next sync resumes at that page', async () => {
    const { zendesk } = fixture;
    for (let i = 0; i < 101; i++) zendesk.addMacro({ title: `Grinder answer ${i}`, comment: `Clean burr set ${i} with the brush, then run a handful of beans through.` });
    let macroPages = 0;
    zendesk.failNext(1, { status: 200, body: { macros: 'oops', meta: { has_more: false } }, match: (_, path) => path === MACROS_PATH && ++macroPages === 2 });

    const failed = await sync();

    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`Zendesk GET ${MACROS_PATH}: malformed answer: "macros" is not a list`);
    expect(failed.counts.macros).toMatchObject({ fetched: 100, added: 100, removed: 0 });
    expect(await macroCount()).toBe(101);

    const before = zendesk.requests.length;
    const resumed = await sync();

    expect(resumed).toMatchObject({ status: 'succeeded', error: null, counts: { macros: { fetched: 1, added: 1 } } });
    // The page after the last good one, not the first: the same pass goes on, and only then removes the macros
    // it did not see (the one from the injected page above).
    expect(requestsFrom(before, MACROS_PATH)[0].query['page[after]']).toEqual(expect.stringMatching(/^\d+$/));
    expect(resumed.counts.macros).toMatchObject({ removed: 1 });
    expect(await macroCount()).toBe(101);
  });

  it('fails the run when the macros next link points back to a page already read, instead of reading it forever', async () => {
    const loop = `${fixture.zendesk.baseUrl}${MACROS_PATH}?page[size]=100&page[after]=1`;
    fixture.zendesk.failNext(100, { status: 200, body: { macros: [], meta: { has_more: true }, links: { next: loop } }, match: (_, path) => path === MACROS_PATH });
    const before = fixture.zendesk.requests.length;

    const failed = await sync();

    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('its next page is one already read');
    expect(requestsFrom(before, MACROS_PATH)).toHaveLength(2);
    expect(await macroCount()).toBe(101);
  });

  it('fails the run on a cut-short export page, its cursor unmoved, and the next sync reads on from it', async () => {
    const { zendesk } = fixture;
    zendesk.seedSolvedTicket(solvedTicket('Grinder clicking'));
    await expect(sync()).resolves.toMatchObject({ status: 'succeeded', counts: { solvedTickets: { added: 1 } } });
    zendesk.seedSolvedTicket(solvedTicket('Grinder jammed'));
    zendesk.failNext(1, { status: 200, raw: '{"tickets":[{"id":12,"status":"sol', match: (_, path) => path === EXPORT_PATH });
    let before = zendesk.requests.length;

    const failed = await sync();

    expect(failed).toMatchObject({ status: 'failed', error: `Zendesk GET ${EXPORT_PATH}: HTTP 200 but the answer is not JSON (cut short or malformed)` });
    const failedAt = requestsFrom(before, EXPORT_PATH).map((r) => r.query.cursor);
    expect(failedAt).toEqual([expect.any(String)]);
    before = zendesk.requests.length;

    const resumed = await sync();

    expect(resumed).toMatchObject({ status: 'succeeded', counts: { solvedTickets: { fetched: 1, added: 1 } } });
    expect(requestsFrom(before, EXPORT_PATH)[0].query.cursor).toBe(failedAt[0]);
    expect(await pairCount()).toBe(2);
  });

  it('fails the run while a solved ticket comments read answers 500, and adds it at the next sync; a 404 is skipped', async () => {
    const { zendesk } = fixture;
    const flaky = zendesk.seedSolvedTicket(solvedTicket('Grinder noisy'));
    zendesk.failNext(100, { status: 500, match: (method, path) => method === 'GET' && path === `/api/v2/tickets/${flaky.id}/comments.json` });
    const before = zendesk.requests.length;

    const failed = await sync();

    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`Zendesk GET /api/v2/tickets/${flaky.id}/comments.json: HTTP 500 Internal Server Error`);
    // Retried as every Zendesk read (RetryPolicy's attempts), then left to the next sync.
    expect(requestsFrom(before, `/api/v2/tickets/${flaky.id}/comments.json`)).toHaveLength(3);
    expect(await pairCount()).toBe(2);

    zendesk.clearFaults();
    const gone = zendesk.seedSolvedTicket(solvedTicket('Grinder missing'));
    zendesk.failNext(100, { status: 404, match: (method, path) => method === 'GET' && path === `/api/v2/tickets/${gone.id}/comments.json` });

    const next = await sync();

    expect(next).toMatchObject({ status: 'succeeded', error: null, counts: { solvedTickets: { fetched: 2, added: 1, skipped: 1 } } });
    expect(await pairCount()).toBe(3);
  });

  it('waits out a 429 with Retry-After on the macros and retries a 503 on the export, as for the Help Center, and succeeds', async () => {
    const { zendesk } = fixture;
    zendesk.failNext(1, { status: 429, retryAfterSeconds: 1, match: (_, path) => path === MACROS_PATH });
    zendesk.failNext(1, { status: 503, match: (_, path) => path === EXPORT_PATH });
    const before = zendesk.requests.length;

    const run = await sync();

    expect(run).toMatchObject({ status: 'succeeded', error: null });
    const macroReads = requestsFrom(before, MACROS_PATH);
    expect(macroReads.slice(0, 2).map((r) => r.status)).toEqual([429, 200]);
    expect(macroReads[1].at! - macroReads[0].at!).toBeGreaterThanOrEqual(1000);
    expect(requestsFrom(before, EXPORT_PATH).map((r) => r.status)).toEqual([503, 200]);
  });
});
