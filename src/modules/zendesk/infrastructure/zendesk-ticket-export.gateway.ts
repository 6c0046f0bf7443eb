import { Injectable, Optional } from '@nestjs/common';
import { RequestGuard } from '../application/ports/request-guard';
import { ExportedTicket, SolvedTicketGateway, TicketExportPage, TicketExportStart } from '../application/ports/solved-ticket-gateway';
import { TicketSnapshot, ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { SyncPriorityTicketReader } from './node-zendesk.gateway';
import { listIn, malformedAnswer, readItems, vendorIdOf, VendorRecord } from './vendor-answer';
import { vendorText } from './vendor-text';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

const LABEL = 'GET /api/v2/incremental/tickets/cursor.json';

// The cursor-based incremental ticket export (GET /api/v2/incremental/tickets/cursor.json): `start_time` the first
// time, then `cursor` = the last page's after_cursor, until end_of_stream. Read at the sync's priority: webhook
// jobs take the account's budget first. The next URL is built on the account's own host from the cursor, so our
// credentials go nowhere else.
@Injectable()
export class ZendeskTicketExportGateway extends SolvedTicketGateway {
  private readonly http: ZendeskHttp;
  private readonly tickets: SyncPriorityTicketReader;

  constructor(guard: RequestGuard, @Optional() retry: RetryPolicy = new RetryPolicy()) {
    super();
    this.http = new ZendeskHttp(guard, retry, 'sync');
    this.tickets = new SyncPriorityTicketReader(guard, retry);
  }

  fetchTicket(account: ZendeskAccount, ticketId: string): Promise<TicketSnapshot> {
    return this.tickets.fetchTicket(account, ticketId);
  }

  async exportTickets(account: ZendeskAccount, start: TicketExportStart): Promise<TicketExportPage> {
    const url = new URL('/api/v2/incremental/tickets/cursor.json', account.baseUrl);
    if ('cursor' in start) url.searchParams.set('cursor', start.cursor);
    else url.searchParams.set('start_time', String(start.startTime));
    const page = await this.http.getJson<unknown>(account, url.toString()).catch((error) => {
      if (!(error instanceof ZendeskError) || error.status !== 403) throw error;
      // Every incremental export is for admins: an agent's token reads tickets, but not this.
      throw new ZendeskError(
        ZendeskErrorCode.Unauthorized,
        `Zendesk refused the incremental ticket export: solved tickets need the API token of a Zendesk admin. ${error.message}`,
        403,
      );
    });
    const { items, malformed } = readItems(listIn(page, 'tickets', LABEL), exportedTicketProblem, toExportedTicket);
    const { after_cursor: afterCursor, end_of_stream: endOfStream } = page as VendorRecord;
    // Without a cursor the sync could not say where to continue: it keeps the last good one.
    if (afterCursor !== null && (typeof afterCursor !== 'string' || afterCursor === '')) throw malformedAnswer(LABEL, '"after_cursor" is not a cursor');
    return { tickets: items, malformed, afterCursor: afterCursor === null ? null : vendorText.url(afterCursor), endOfStream: endOfStream === true };
  }
}

export function exportedTicketProblem(ticket: VendorRecord): string | null {
  if (vendorIdOf(ticket.id) === null) return 'no Zendesk id';
  return typeof ticket.status === 'string' ? null : 'status is not text';
}

// Custom statuses report their category in `status`; a deleted ticket's is "deleted".
export function toExportedTicket(ticket: VendorRecord): ExportedTicket {
  return { id: vendorIdOf(ticket.id)!, state: stateOf(ticket.status as string) };
}

function stateOf(status: string): ExportedTicket['state'] {
  if (status === 'solved' || status === 'closed') return 'solved';
  return status === 'deleted' ? 'deleted' : 'other';
}
