import { Logger } from '@nestjs/common';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { rejectionOf } from '../../../../test/support/rejection';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { ZendeskTicketExportGateway } from './zendesk-ticket-export.gateway';
import { RetryPolicy } from './zendesk-http';

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
    expect(first).toEqual({ tickets: [{ id: String(solved), state: 'solved' }, { id: String(closed), state: 'solved' }], afterCursor: expect.any(String), endOfStream: false });
    const second = await sut.exportTickets(account, { cursor: first.afterCursor! });
    expect(second).toEqual({ tickets: [{ id: String(open), state: 'other' }, { id: String(deleted), state: 'deleted' }], afterCursor: expect.any(String), endOfStream: true });
    // Polled again from the end: nothing new yet, the same point to continue from.
    await expect(sut.exportTickets(account, { cursor: second.afterCursor! })).resolves.toEqual({ tickets: [], afterCursor: second.afterCursor, endOfStream: true });
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
});
