import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, pageRequest, pageResponse } from '../../../shared/http/pagination';
import { AuditEntry } from '../domain/admin-audit';
import { actorOf, AdminPrincipal } from '../domain/admin-principal';
import { Organization } from '../domain/organization';
import { OrganizationsService } from '../application/organizations.service';
import { AdminAuthGuard, CurrentPrincipal, OperatorOnly } from './admin-auth.guard';
import { CreateOrganizationDto, UpdateOrganizationDto, UpdateSettingsDto } from './organization.dto';

@ApiTags('organizations')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @HttpCode(201)
  async register(@Body() body: CreateOrganizationDto) {
    return this.present(await this.organizations.register(body));
  }

  @Get()
  async list(@Query() query: PageQueryDto) {
    return pageResponse(await this.organizations.list(pageRequest(query)), (organization) => this.present(organization));
  }

  @Get(':organizationId')
  async get(@Param('organizationId', ParseUUIDPipe) id: string) {
    return this.present(await this.organizations.get(id));
  }

  // Name, Zendesk connection, webhook secret: each change audited, secrets only as rotated.
  @Patch(':organizationId')
  async update(
    @Param('organizationId', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganizationDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ) {
    return this.present(await this.organizations.update(id, body, actorOf(principal)));
  }

  // Everything of the organization goes with it; its webhook URL then answers 404.
  @Delete(':organizationId')
  @OperatorOnly()
  @HttpCode(204)
  async delete(@Param('organizationId', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: AdminPrincipal) {
    await this.organizations.delete(id, actorOf(principal));
  }

  @Patch(':organizationId/settings')
  async updateSettings(
    @Param('organizationId', ParseUUIDPipe) id: string,
    @Body() body: UpdateSettingsDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ) {
    return this.present(await this.organizations.updateSettings(id, body, actorOf(principal)));
  }

  // Who changed what and when: the organization, its settings, API keys minted and revoked. Newest first.
  @Get(':organizationId/audit')
  async audit(@Param('organizationId', ParseUUIDPipe) id: string, @Query() query: PageQueryDto) {
    return pageResponse(await this.organizations.auditLog(id, pageRequest(query)), presentAuditEntry);
  }

  // Credentials never leave the service: only where Zendesk is and as whom we call it.
  private present(organization: Organization) {
    return {
      id: organization.id,
      name: organization.name,
      zendesk: { baseUrl: organization.zendeskBaseUrl, email: organization.zendeskEmail },
      settings: organization.settings,
      webhookUrl: this.organizations.webhookUrl(organization.id),
      createdAt: organization.createdAt,
    };
  }
}

const presentAuditEntry = (entry: AuditEntry) => ({
  id: entry.id,
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  changes: entry.changes,
});
