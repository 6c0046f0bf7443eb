import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { PageQueryDto, pageRequest, pageResponse } from '../../../../shared/http/pagination';
import { readForm, sendPage } from '../../../../shared/web/page-forms';
import { AdminApiKeysService } from '../../../organizations/application/admin-api-keys.service';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { CreateApiKeyDto } from '../../../organizations/api/organization.dto';
import { actorOf, AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { byField, FormState } from '../organizations/organization-forms';
import { Notice } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, ConsoleListQuery, consoleOrganization, noticeFrom, redirectAfterPost, sendExpiredForm } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { KeyFormValues, renderKeys, renderNewKey, renderRevokeConfirmation } from './keys-page.view';

const NOTICES: Record<string, Notice> = { revoked: { kind: 'ok', text: 'The key is revoked: it no longer signs in, here or on the admin API.' } };


// The console's API keys screen, over the service of /admin/organizations/:id/api-keys and with its permissions:
// the operator, and the organization's own keys (which may mint and revoke its keys, themselves included). Both
// writes are audited there. A new key's token is in the answer to its form only, never in an address or a redirect.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/keys')
export class ConsoleKeysController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly keys: AdminApiKeysService,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async list(@Param('organizationId', ConsoleId) id: string, @Query() query: ConsoleListQuery, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    await this.listPage(req, res, principal, organization, HttpStatus.OK, { query, notice: noticeFrom(query.done, NOTICES) });
  }

  @Post()
  async create(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readForm(CreateApiKeyDto, req.body);
    const values = { name: read.values.name ?? '' };
    if ('problems' in read) return this.listPage(req, res, principal, organization, HttpStatus.BAD_REQUEST, { refused: { values, problems: byField(read.problems, {}) } });
    const { key, token } = await this.keys.mint(id, read.form.name, actorOf(principal));
    sendPage(res, HttpStatus.CREATED, renderNewKey({ organization, key, token, session: { principal, csrfToken: this.csrf.issue(req, res) } }));
  }

  @Get(':keyId/revoke')
  async confirmRevoke(@Param('organizationId', ConsoleId) id: string, @Param('keyId', ConsoleId) keyId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const key = await this.keys.get(id, keyId);
    sendPage(res, HttpStatus.OK, renderRevokeConfirmation({ organization, key, session: { principal, csrfToken: this.csrf.issue(req, res) } }));
  }

  @Post(':keyId/revoke')
  async revoke(@Param('organizationId', ConsoleId) id: string, @Param('keyId', ConsoleId) keyId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    await this.keys.revoke(id, keyId, actorOf(principal));
    // The key of this very session: the sign-in form, which finds the session dead and says so.
    const ownKey = principal.kind === 'organization' && principal.keyId === keyId;
    redirectAfterPost(res, ownKey ? '/console' : `/console/organizations/${id}/keys?done=revoked`);
  }

  private async listPage(
    req: Request,
    res: Response,
    principal: AdminPrincipal,
    organization: Organization,
    status: number,
    { query = {}, refused, notice }: { query?: PageQueryDto; refused?: FormState<KeyFormValues>; notice?: Notice },
  ): Promise<void> {
    const { items, nextCursor } = pageResponse(await this.keys.list(organization.id, pageRequest(query)));
    const session = { principal, csrfToken: this.csrf.issue(req, res) };
    sendPage(res, status, renderKeys({ organization, keys: items, nextCursor, form: refused ?? { values: { name: '' }, problems: {} }, session, notice }));
  }
}
