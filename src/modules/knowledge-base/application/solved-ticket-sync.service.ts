import { Injectable, Logger } from '@nestjs/common';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { SolvedTicketGateway, TicketExportStart } from '../../zendesk/application/ports/solved-ticket-gateway';
import { ZendeskAccount } from '../../zendesk/domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../../zendesk/domain/zendesk.error';
import { emptySolvedTicketCounts, SolvedTicketSyncCounts } from '../domain/solved-ticket';
import { SyncError, SyncErrorCode } from '../domain/sync-run';
import { SolvedTicketRepository } from './ports/solved-ticket.repository';
import { SolvedTicketsService } from './solved-tickets.service';

const DAY_SECONDS = 24 * 3600;

// Zendesk's solved and closed tickets → past answers, in the Help Center sync's run, when the organization turned
// them on. The incremental ticket export starts `solvedTicketsLookbackDays` back, then continues from its saved
// cursor, saved after each page: a sync that stopped resumes at the page it was reading. Each solved ticket is
// read whole (comments and authors) and reduced to its redacted pair before anything else sees its text (never
// logged); a ticket solved again replaces its pair. Turned off, the organization's pairs are deleted at the next sync.
@Injectable()
export class SolvedTicketSyncService {
  private readonly logger = new Logger(SolvedTicketSyncService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly zendesk: SolvedTicketGateway,
    private readonly tickets: SolvedTicketRepository,
    private readonly solvedTickets: SolvedTicketsService,
  ) {}

  // null when the organization has solved tickets off and kept none.
  async sync(runId: string, organizationId: string): Promise<SolvedTicketSyncCounts | null> {
    const organization = await this.organizations.get(organizationId);
    if (!organization.settings.solvedTicketsEnabled) {
      const removed = await this.tickets.removeAll(organizationId);
      return removed > 0 ? { ...emptySolvedTicketCounts(), removed } : null;
    }
    const account = await this.organizations.zendeskAccount(organization);
    const counts = emptySolvedTicketCounts();
    const cursor = await this.tickets.exportCursor(organizationId);
    let start: TicketExportStart = cursor ? { cursor } : { startTime: Math.floor(Date.now() / 1000) - organization.settings.solvedTicketsLookbackDays * DAY_SECONDS };
    const cursorsRead = new Set(cursor ? [cursor] : []);
    for (;;) {
      const page = await this.zendesk.exportTickets(account, start);
      counts.fetched += page.tickets.length + page.malformed.length;
      // Ids and reasons only: a ticket's text is never logged.
      counts.skipped += page.malformed.length;
      for (const { id, reason } of page.malformed) this.logger.warn(`Organization ${organizationId}: solved-ticket sync skipped exported ticket ${id ?? '(no id)'}: ${reason}`);
      for (const ticket of page.tickets) {
        if (ticket.state === 'solved') await this.keep(account, organizationId, ticket.id, counts);
        // A reopened ticket keeps its pair until it is solved again; a deleted one's goes.
        else if (ticket.state === 'deleted' && (await this.tickets.remove(organizationId, ticket.id))) counts.removed++;
      }
      // A page without a cursor (none in Zendesk's answer) would start over from the look-back: stay where we are.
      const next = page.afterCursor ?? ('cursor' in start ? start.cursor : null);
      if (!(await this.tickets.saveExportCursor(runId, organizationId, next, page.endOfStream))) {
        throw new SyncError(SyncErrorCode.RunAbandoned, `Sync run ${runId} was failed as abandoned; it stops here`);
      }
      if (page.endOfStream || !next) break;
      // A cursor already read would bring the same pages again, forever: stop, and let the next sync continue
      // from the saved point, as the Help Center's incremental export does.
      if (cursorsRead.has(next)) {
        if (!('cursor' in start) || start.cursor !== next) this.logger.warn(`Organization ${organizationId}: the ticket export went back to a cursor already read; it continues at the next sync`);
        break;
      }
      cursorsRead.add(next);
      start = { cursor: next };
    }
    this.logger.log(`Organization ${organizationId}: solved-ticket sync: ${JSON.stringify(counts)}`);
    return counts;
  }

  // A ticket deleted since the export listed it is skipped.
  private async keep(account: ZendeskAccount, organizationId: string, ticketId: string, counts: SolvedTicketSyncCounts): Promise<void> {
    const snapshot = await this.zendesk.fetchTicket(account, ticketId).catch((error) => {
      if (error instanceof ZendeskError && error.code === ZendeskErrorCode.TicketNotFound) return null;
      throw error;
    });
    counts[snapshot ? await this.solvedTickets.keep(organizationId, snapshot) : 'skipped']++;
  }
}
