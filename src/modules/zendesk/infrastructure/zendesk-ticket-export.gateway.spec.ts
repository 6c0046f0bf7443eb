import { Logger } from '@nestjs/common';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { rejectionOf } from '../../../../test/support/rejection';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { exportedTicketProblem, ZendeskTicketExportGateway } from './zendesk-ticket-export.gateway';
import { RetryPolicy } from './zendesk-http';

describe('exportedTicketProblem: what makes an exported ticket unreadable', () => {
  it.each([
    [{ id: 5, status: 'solved' }, null],
    [{ id: '12345678901234567890', status: 'closed' }, null],
    [{ status: 'solved' }, 'no Zendesk id'],
    [{ id: 'five', status: 'solved' }, 'no Zendesk id'],
    [{ id: 0, status: 'solved' }, 'no Zendesk id'],
    [{ id: 5 }, 'status is not text'],
    [{ id: 5, status: 7 }, 'status is not text'],
  ])('%j: %s', (ticket, problem) => {
    expect(exportedTicketProblem(ticket)).toBe(problem);
  });
});

// The incremental ticket export and the solved tickets' reads, against the simulator, at the sync's priority.
describe('ZendeskTicketExportGateway: the cursor-based ticket export', () => {
  let zendesk: ZendeskSimulator;
  let account: ZendeskAccount;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    zendesk = await ZendeskSimulator.start({ ticketExportPageSize: 2, apiUserRole: 'admin' });
    account = { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' };
  });
  afterAll(() => zendesk.close());

  it('pages from a start time through after_cursor to the end of the stream, telling solved, deleted and open tickets apart', async () => {
    const seed = (subject: string, status: 'solved' | 'closed' | 'open', solvedSecondsAgo: number) =>
      zendesk.seedSolvedTicket({ subject, requester: { name: 'R' }, agent: { name: 'A' }, conversation: [{ by: 'requester', body: subject }], status, solvedSecondsAgo }).id;
    seed('Before the start time', 'solved', 10 * 86400);
    const solved = seed('Solved', 'solved', 5000);
    const closed = seed('Closed', 'closed', 4000);
    const open = seed('Open', 'open', 3000);
    const deleted = seed('Deleted', 'solved', 2500);
    zendesk.deleteTicket(deleted, 2000);
    const guard = new FakeRequestGuard();
    const sut = new ZendeskTicketExportGateway(guard, new RetryPolicy({ attempts: 1 }));

    const first = await sut.exportTickets(account, { startTime: Math.floor(Date.now() / 1000) - 86400 });
    expect(first).toEqual({ tickets: [{ id: String(solved), state: 'solved' }, { id: String(closed), state: 'solved' }], malformed: [], afterCursor: expect.any(String), endOfStream: false });
    const second = await sut.exportTickets(account, { cursor: first.afterCursor! });
    expect(second).toEqual({ tickets: [{ id: String(open), state: 'other' }, { id: String(deleted), state: 'deleted' }], malformed: [], afterCursor: expect.any(String), endOfStream: true });
    // Polled again from the end: nothing new yet, the same point to continue from.
    await expect(sut.exportTickets(account, { cursor: second.afterCursor! })).resolves.toEqual({ tickets: [], malformed: [], afterCursor: second.afterCursor, endOfStream: true });
    expect(zendesk.requests.filter((r) => r.path === '/api/v2/incremental/tickets/cursor.json').map((r) => Object.keys(r.query))).toEqual([['start_time'], ['cursor'], ['cursor']]);

    const snapshot = await sut.fetchTicket(account, String(solved));
    expect(snapshot).toMatchObject({ id: String(solved), status: 'solved', comments: [{ authorName: 'R', authorRole: 'end-user', body: 'Solved' }] });
    expect(new Set(guard.acquired)).toEqual(new Set(['sync']));
  });

  it("says what is missing when the API token's user is not an admin", async () => {
    zendesk.setApiUserRole('agent');
    try {
      const sut = new ZendeskTicketExportGateway(new FakeRequestGuard(), new RetryPolicy({ attempts: 1 }));
      const error = await rejectionOf(sut.exportTickets(account, { startTime: 0 }), ZendeskError);
      expect(error).toMatchObject({ code: ZendeskErrorCode.Unauthorized, status: 403, message: expect.stringContaining('need the API token of a Zendesk admin') });
    } finally {
      zendesk.setApiUserRole('admin');
    }
  });

  it('leaves out and reports the tickets it cannot read, and reads a page of 1,000', async () => {
    const tickets = [
      ...Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, status: i % 2 ? 'open' : 'solved' })),
      { status: 'solved' },
      { id: 'x', status: 'solved' },
      { id: 1001, status: null },
      null,
    ];
    zendesk.failNext(1, { status: 200, body: { tickets, after_cursor: 'abc', end_of_stream: false } });
    const sut = new ZendeskTicketExportGateway(new FakeRequestGuard(), new RetryPolicy({ attempts: 1 }));

    const page = await sut.exportTickets(account, { cursor: 'start' });

    expect(page.tickets).toHaveLength(1000);
    expect(page.tickets.filter((ticket) => ticket.state === 'solved')).toHaveLength(500);
    expect(page.malformed).toEqual([
      { id: null, reason: 'no Zendesk id' },
      { id: null, reason: 'no Zendesk id' },
      { id: '1001', reason: 'status is not text' },
      { id: null, reason: 'not an object' },
    ]);
    expect(page).toMatchObject({ afterCursor: 'abc', endOfStream: false });
  });

  it.each([
    ['cut-short JSON', { raw: '{"tickets":[{"id":1,"sta' }, /not JSON \(cut short or malformed\)/],
    ['an HTML page', { raw: '<html><body>Bad gateway</body></html>' }, /not JSON \(an HTML page\)/],
    ['tickets not a list', { body: { tickets: 'none', after_cursor: 'a', end_of_stream: true } }, /"tickets" is not a list/],
    ['no after_cursor', { body: { tickets: [], end_of_stream: false } }, /"after_cursor" is not a cursor/],
    ['an after_cursor that is a number', { body: { tickets: [], after_cursor: 12, end_of_stream: false } }, /"after_cursor" is not a cursor/],
  ])('fails the read with a ZendeskError saying what was wrong on %s', async (_, fault, message) => {
    zendesk.failNext(1, { status: 200, ...fault });
    const sut = new ZendeskTicketExportGateway(new FakeRequestGuard(), new RetryPolicy({ attempts: 1 }));

    const error = await rejectionOf(sut.exportTickets(account, { cursor: 'start' }), ZendeskError);

    expect(error.message).toMatch(/^Zendesk GET \/api\/v2\/incremental\/tickets\/cursor\.json: /);
    expect(error.message).toMatch(message);
  });
});
