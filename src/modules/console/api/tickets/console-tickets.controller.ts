import { BadRequestException, Controller, Get, HttpStatus, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { pageRequest, pageResponse } from '../../../../shared/http/pagination';
import { PageRequest } from '../../../../shared/pagination/page';
import { checkForm, sendPage } from '../../../../shared/web/page-forms';
import { DecisionQueryDto, decisionFilter } from '../../../assist/api/decisions.controller';
import { ExplainService } from '../../../assist/application/explain.service';
import { AssistRecords } from '../../../assist/application/ports/assist-records';
import { ZENDESK_TICKET_ID, ZENDESK_TICKET_ID_MESSAGE } from '../../../zendesk/domain/ticket';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { renderConsoleProblem } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, consoleOrganization } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { renderTickets, renderTicketStory, TicketsFilterValues } from './tickets-page.view';

const DECISIONS_SHOWN = 50;
const FILTERS = ['outcome', 'reason', 'topic', 'from', 'to', 'ticketId'] as const;

// The console's Tickets screen: the decision log (the query and checks of GET /admin/organizations/:id/decisions)
// and one ticket's story (the explain service behind GET …/tickets/:ticketId/explain).
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/tickets')
export class ConsoleTicketsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
    private readonly explain: ExplainService,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async list(@Param('organizationId', ConsoleId) id: string, @Query() query: Record<string, unknown>, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    // An empty field of the GET form is no filter; one given twice (`?outcome=a&outcome=b`) is refused by the checks.
    const given = Object.fromEntries([...FILTERS, 'cursor', 'limit'].flatMap((name) => (query[name] === undefined || query[name] === '' ? [] : [[name, query[name]]])));
    const filters: TicketsFilterValues = Object.fromEntries(FILTERS.flatMap((name) => (typeof given[name] === 'string' ? [[name, given[name]]] : [])));
    const checked = await checkForm(DecisionQueryDto, given);
    const problems: Record<string, string[]> = {};
    let page: PageRequest | undefined;
    if ('problems' in checked) {
      for (const { field, message } of checked.problems) (problems[field] ??= []).push(message);
    } else {
      try {
        page = pageRequest(checked.form, DECISIONS_SHOWN);
      } catch (error) {
        if (!(error instanceof BadRequestException)) throw error;
        problems.cursor = ['This “older” link is not one this page made: start again from the newest decisions.'];
      }
    }
    const session = { principal, csrfToken: this.csrf.issue(req, res) };
    const view = { id: organization.id, name: organization.name };
    if (page === undefined || !('form' in checked)) {
      return sendPage(res, HttpStatus.BAD_REQUEST, renderTickets({ organization: view, decisions: [], nextCursor: null, filters, problems, session }));
    }
    const { items, nextCursor } = pageResponse(await this.records.findDecisions(id, decisionFilter(checked.form), page));
    sendPage(res, HttpStatus.OK, renderTickets({ organization: view, decisions: items, nextCursor, filters, limit: checked.form.limit, problems: {}, session }));
  }

  @Get(':ticketId')
  async story(@Param('organizationId', ConsoleId) id: string, @Param('ticketId') ticketId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    if (!ZENDESK_TICKET_ID.test(ticketId)) {
      return sendPage(res, HttpStatus.BAD_REQUEST, renderConsoleProblem('Not a ticket id', `${ZENDESK_TICKET_ID_MESSAGE}. Open a ticket from the tickets list.`));
    }
    const story = await this.explain.story(id, ticketId);
    sendPage(res, HttpStatus.OK, renderTicketStory(story, { principal, csrfToken: this.csrf.issue(req, res) }));
  }

}
