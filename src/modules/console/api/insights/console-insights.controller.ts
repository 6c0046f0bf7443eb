import { Controller, Get, Header, HttpStatus, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { checkForm, sendPage } from '../../../../shared/web/page-forms';
import { InsightsQueryDto } from '../../../insights/api/insights.controller';
import { Insights, InsightsService } from '../../../insights/application/insights.service';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, consoleOrganization } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { renderInsights } from './insights-page.view';


// The console's Insights: the dashboard's page for the signed-in admin, and the JSON it asks for another period.
// Both take the query and checks of GET /admin/organizations/:id/insights and answer from the same service.
@ApiExcludeController()
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/insights')
export class ConsoleInsightsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly insights: InsightsService,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  @UseFilters(ConsolePageFilter)
  async show(@Param('organizationId', ConsoleId) id: string, @Query() query: Record<string, unknown>, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    // An empty date field of the GET form is the default period.
    const given = Object.fromEntries(['from', 'to'].flatMap((name) => (query[name] === undefined || query[name] === '' ? [] : [[name, query[name]]])));
    const period = { from: typeof given.from === 'string' ? given.from : undefined, to: typeof given.to === 'string' ? given.to : undefined };
    const checked = await checkForm(InsightsQueryDto, given);
    const view = { organization: { id: organization.id, name: organization.name }, period, session: { principal, csrfToken: this.csrf.issue(req, res) } };
    if ('problems' in checked) {
      const problems: Record<string, string[]> = {};
      for (const { field, message } of checked.problems) (problems[field] ??= []).push(message);
      return sendPage(res, HttpStatus.BAD_REQUEST, renderInsights({ ...view, problems }));
    }
    sendPage(res, HttpStatus.OK, renderInsights({ ...view, insights: await this.insights.insights(id, checked.form), problems: {} }));
  }

  // Errors answer as the admin API's (problem+json, 401 without a session): dashboard.js reads them from a fetch.
  @Get('data')
  @Header('Cache-Control', 'no-store')
  async data(@Param('organizationId', ConsoleId) id: string, @Query() query: InsightsQueryDto, @ConsolePrincipal() principal: AdminPrincipal): Promise<Insights> {
    await consoleOrganization(this.organizations, principal, id);
    return this.insights.insights(id, query);
  }

}
