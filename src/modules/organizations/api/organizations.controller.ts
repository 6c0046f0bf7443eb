import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../../shared/http/admin-token.guard';
import { Organization } from '../domain/organization';
import { OrganizationsService } from '../application/organizations.service';
import { CreateOrganizationDto, UpdateSettingsDto } from './organization.dto';

@ApiTags('organizations')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @HttpCode(201)
  async register(@Body() body: CreateOrganizationDto) {
    return this.present(await this.organizations.register(body));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.present(await this.organizations.get(id));
  }

  @Patch(':id/settings')
  async updateSettings(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateSettingsDto) {
    return this.present(await this.organizations.updateSettings(id, body));
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
