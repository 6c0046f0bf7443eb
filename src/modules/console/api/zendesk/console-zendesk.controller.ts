import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AppConfig } from '../../../../config/app-config';
import { DomainError } from '../../../../shared/errors/domain.error';
import { sendPage } from '../../../../shared/web/page-forms';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { actorOf, AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization, OrganizationErrorCode } from '../../../organizations/domain/organization';
import { setupSummary } from '../../../zendesk/domain/zendesk-setup';
import { ZendeskConnectionService } from '../../application/zendesk-connection.service';
import { FormState } from '../organizations/organization-forms';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, consoleOrganization, noticeFrom, redirectAfterPost, sendExpiredForm } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { ConnectionFormValues, connectionFormValues, readConnectionForm, readTestTicketForm } from './zendesk-forms';
import { renderZendesk, ZendeskPage } from './zendesk-page.view';

const DONE: Record<string, string> = {
  saved: 'Zendesk connection saved. Test it below.',
  'created-created': setupSummary({ webhook: 'created', trigger: 'created' }),
  'created-reused': setupSummary({ webhook: 'created', trigger: 'reused' }),
  'reused-created': setupSummary({ webhook: 'reused', trigger: 'created' }),
  'reused-reused': setupSummary({ webhook: 'reused', trigger: 'reused' }),
};

type PageParts = Partial<Pick<ZendeskPage, 'tested' | 'sent' | 'notice'>> & { connection?: FormState<ConnectionFormValues> };

// The console's Connect Zendesk screen: the connection (saved as PATCH /admin/organizations/:id saves it, audited),
// testing the token, the webhook and trigger (by hand, or created through Zendesk's API), the last delivery and a
// signed test delivery through the webhook's intake. Saving and creating redirect (post/redirect/get); testing
// answers with the page. Zendesk's failures are messages on the page, never an error page.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/zendesk')
export class ConsoleZendeskController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly connection: ZendeskConnectionService,
    private readonly config: AppConfig,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async show(@Param('organizationId', ConsoleId) id: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const notice = noticeFrom(done, DONE);
    await this.page(req, res, principal, organization, HttpStatus.OK, { notice });
  }

  @Post('connection')
  async saveConnection(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const { apiToken: currentToken } = await this.organizations.zendeskAccount(organization);
    const baseUrlAllowed = this.config.allowInsecureZendeskBaseUrl;
    const read = await readConnectionForm(req.body, { currentToken, baseUrlAllowed });
    if (!('zendesk' in read)) return this.page(req, res, principal, organization, HttpStatus.BAD_REQUEST, { connection: read });
    try {
      await this.organizations.update(id, { zendesk: read.zendesk }, actorOf(principal));
    } catch (error) {
      if (!(error instanceof DomainError && error.code === OrganizationErrorCode.InvalidZendeskUrl)) throw error;
      const field = read.values.subdomain || !baseUrlAllowed ? 'subdomain' : 'baseUrl';
      return this.page(req, res, principal, organization, HttpStatus.BAD_REQUEST, { connection: { values: read.values, problems: { [field]: [error.message] } } });
    }
    redirectAfterPost(res, `/console/organizations/${id}/zendesk?done=saved`);
  }

  @Post('test')
  async test(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    await this.page(req, res, principal, organization, HttpStatus.OK, { tested: await this.connection.test(organization) });
  }

  @Post('webhook')
  async createWebhook(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const setup = await this.connection.createWebhookAndTrigger(organization, actorOf(principal));
    if ('problem' in setup) return this.page(req, res, principal, organization, HttpStatus.BAD_GATEWAY, { notice: { kind: 'error', text: setup.problem } });
    redirectAfterPost(res, `/console/organizations/${id}/zendesk?done=${setup.webhook}-${setup.trigger}`);
  }

  @Post('send-test')
  async sendTest(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const { ticketId, problems } = readTestTicketForm(req.body);
    if (Object.keys(problems).length > 0) return this.page(req, res, principal, organization, HttpStatus.BAD_REQUEST, { sent: { ticketId, problems } });
    const result = await this.connection.sendTest(id, ticketId);
    await this.page(req, res, principal, organization, HttpStatus.OK, { sent: { ticketId, problems, result } });
  }

  private async page(req: Request, res: Response, principal: AdminPrincipal, organization: Organization, status: number, parts: PageParts): Promise<void> {
    const latest = await this.connection.latestDelivery(organization.id);
    sendPage(
      res,
      status,
      renderZendesk({
        organization,
        webhookUrl: this.organizations.webhookUrl(organization.id),
        baseUrlAllowed: this.config.allowInsecureZendeskBaseUrl,
        connection: parts.connection ?? { values: connectionFormValues(organization), problems: {} },
        latest,
        tested: parts.tested,
        sent: parts.sent,
        session: { principal, csrfToken: this.csrf.issue(req, res) },
        notice: parts.notice,
      }),
    );
  }

}

