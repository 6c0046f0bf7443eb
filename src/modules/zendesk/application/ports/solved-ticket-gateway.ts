import { MalformedItem } from '../../domain/malformed-item';
import { TicketSnapshot, ZendeskAccount } from '../../domain/ticket';

export interface ExportedTicket {
  id: string;
  // 'solved': solved or closed, its conversation over; 'deleted': gone from Zendesk; 'other': still being worked on.
  state: 'solved' | 'deleted' | 'other';
}

export interface TicketExportPage {
  tickets: ExportedTicket[];
  // Exported, but without a readable id or status: left out of `tickets`.
  malformed: MalformedItem[];
  // Where the next read continues, kept between syncs: the export's end moves on as tickets change.
  afterCursor: string | null;
  // Every ticket changed up to now was returned.
  endOfStream: boolean;
}

// Where an export read starts: the first time at a point in time (epoch seconds), then at the saved cursor.
export type TicketExportStart = { startTime: number } | { cursor: string };

// Zendesk's incremental ticket export (cursor-based), and each solved ticket's comments and authors, for the
// solved-ticket sync: background reads, after webhook jobs in the account's budget.
export abstract class SolvedTicketGateway {
  abstract exportTickets(account: ZendeskAccount, start: TicketExportStart): Promise<TicketExportPage>;
  // As ZendeskGateway.fetchTicket; ZendeskError `ticket_not_found` for a ticket deleted since.
  abstract fetchTicket(account: ZendeskAccount, ticketId: string): Promise<TicketSnapshot>;
}
