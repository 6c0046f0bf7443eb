import { Injectable, Optional } from '@nestjs/common';
import { RequestGuard } from '../application/ports/request-guard';
import { ExportedTicket, SolvedTicketGateway, TicketExportPage, TicketExportStart } from '../application/ports/solved-ticket-gateway';
import { TicketSnapshot, ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { SyncPriorityTicketReader } from './node-zendesk.gateway';
import { vendorText } from './vendor-text';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

interface VendorExportedTicket {
  id: number | string;
  status: string;
}

interface VendorTicketExport {
  tickets: VendorExportedTicket[];
  after_cursor: string | null;
  end_of_stream: boolean;
}

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
    const page = await this.http.getJson<VendorTicketExport>(account, url.toString()).catch((error) => {
      if (!(error instanceof ZendeskError) || error.status !== 403) throw error;
      // Every incremental export is for admins: an agent's token reads tickets, but not this.
      throw new ZendeskError(
        ZendeskErrorCode.Unauthorized,
        `Zendesk refused the incremental ticket export: solved tickets need the API token of a Zendesk admin. ${error.message}`,
        403,
      );
    });
    return {
      // Custom statuses report their category in `status`; a deleted ticket's is "deleted".
      tickets: page.tickets.map((ticket) => ({ id: String(ticket.id), state: stateOf(ticket.status) })),
      afterCursor: page.after_cursor === null ? null : vendorText.url(page.after_cursor),
      endOfStream: page.end_of_stream === true,
    };
  }
}

function stateOf(status: string): ExportedTicket['state'] {
  if (status === 'solved' || status === 'closed') return 'solved';
  return status === 'deleted' ? 'deleted' : 'other';
}
