import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { DomainError } from '../../../../shared/errors/domain.error';
import { PageQueryDto, pageRequest, pageResponse } from '../../../../shared/http/pagination';
import { sendPage } from '../../../../shared/web/page-forms';
import { AdminAuthService } from '../../../organizations/application/admin-auth.service';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { actorOf, AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization, OrganizationErrorCode } from '../../../organizations/domain/organization';
import { FormState, OrganizationFormValues, readOrganizationForm, readSettingsForm, SettingsFormValues, settingsFormValues } from './organization-forms';
import { Notice } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, ConsoleListQuery, consoleOrganization, noticeFrom, redirectAfterPost, sendExpiredForm } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { renderOrganization } from './organization-page.view';
import { renderDeleteConfirmation, renderOrganizations } from './organizations-page.view';

const AUDIT_ENTRIES_SHOWN = 20;
const DONE: Record<string, string> = {
  created: 'The organization is created. Next: Connect Zendesk (test the token, create the webhook and trigger), sync the help center in Knowledge, then turn Assist on below.',
  saved: 'Settings saved.',
  deleted: 'The organization and all its data are deleted.',
};

// The console's organization pages, over the same service, DTOs and audit log as the admin API. Every post redirects
// back (post/redirect/get); a refused form comes back with the admin's input and the problems next to the fields.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations')
export class ConsoleOrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly auth: AdminAuthService,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async list(@Query() query: ConsoleListQuery, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    this.auth.authorize(principal, null);
    await this.listPage(req, res, principal, HttpStatus.OK, { query, notice: noticeFrom(query.done, DONE) });
  }

  @Post()
  async create(@ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    this.auth.authorize(principal, null);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readOrganizationForm(req.body);
    if (!('registration' in read)) return this.listPage(req, res, principal, HttpStatus.BAD_REQUEST, { refused: read });
    try {
      const organization = await this.organizations.register(read.registration);
      return redirectAfterPost(res, `/console/organizations/${organization.id}?done=created`);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === OrganizationErrorCode.InvalidZendeskUrl)) throw error;
      return this.listPage(req, res, principal, HttpStatus.BAD_REQUEST, { refused: { values: read.values, problems: { subdomain: [error.message] } } });
    }
  }

  @Get(':organizationId')
  async show(@Param('organizationId', ConsoleId) id: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    await this.organizationPage(req, res, principal, organization, HttpStatus.OK, { values: settingsFormValues(organization.settings), problems: {} }, noticeFrom(done, DONE));
  }

  @Post(':organizationId/settings')
  async saveSettings(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readSettingsForm(req.body);
    if (!('changes' in read)) return this.organizationPage(req, res, principal, organization, HttpStatus.BAD_REQUEST, read);
    await this.organizations.updateSettings(id, read.changes, actorOf(principal));
    redirectAfterPost(res, `/console/organizations/${id}?done=saved`);
  }

  @Get(':organizationId/delete')
  async confirmDelete(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    this.auth.authorize(principal, null);
    sendPage(res, HttpStatus.OK, renderDeleteConfirmation(organization, { principal, csrfToken: this.csrf.issue(req, res) }));
  }

  @Post(':organizationId/delete')
  async delete(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    this.auth.authorize(principal, null);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    await this.organizations.delete(id, actorOf(principal));
    redirectAfterPost(res, '/console/organizations?done=deleted');
  }

  private async listPage(
    req: Request,
    res: Response,
    principal: AdminPrincipal,
    status: number,
    { query = {}, refused, notice }: { query?: PageQueryDto; refused?: FormState<OrganizationFormValues>; notice?: Notice },
  ): Promise<void> {
    const { items, nextCursor } = pageResponse(await this.organizations.list(pageRequest(query)));
    sendPage(res, status, renderOrganizations({ organizations: items, nextCursor, session: { principal, csrfToken: this.csrf.issue(req, res) }, refused, notice }));
  }

  private async organizationPage(
    req: Request,
    res: Response,
    principal: AdminPrincipal,
    organization: Organization,
    status: number,
    settings: FormState<SettingsFormValues>,
    notice?: Notice,
  ): Promise<void> {
    const audit = await this.organizations.auditLog(organization.id, { limit: AUDIT_ENTRIES_SHOWN });
    const session = { principal, csrfToken: this.csrf.issue(req, res) };
    sendPage(res, status, renderOrganization({ organization, webhookUrl: this.organizations.webhookUrl(organization.id), audit: audit.items, settings, session, notice }));
  }

}


