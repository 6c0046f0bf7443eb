import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, pageRequest, pageResponse } from '../../../shared/http/pagination';
import { AdminApiKey } from '../domain/admin-api-key';
import { actorOf, AdminPrincipal } from '../domain/admin-principal';
import { AdminApiKeysService } from '../application/admin-api-keys.service';
import { AdminAuthGuard, CurrentPrincipal } from './admin-auth.guard';
import { CreateApiKeyDto } from './organization.dto';

// An organization's own admin keys: they see and change that organization only.
@ApiTags('api keys')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/api-keys')
export class AdminApiKeysController {
  constructor(private readonly keys: AdminApiKeysService) {}

  // The token is in this answer only: it cannot be shown again.
  @Post()
  @HttpCode(201)
  async mint(
    @Param('organizationId', ParseUUIDPipe) organizationId: string,
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ) {
    const { key, token } = await this.keys.mint(organizationId, body.name, actorOf(principal));
    return { ...presentKey(key), token };
  }

  @Get()
  async list(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: PageQueryDto) {
    return pageResponse(await this.keys.list(organizationId, pageRequest(query)), presentKey);
  }

  @Delete(':keyId')
  async revoke(
    @Param('organizationId', ParseUUIDPipe) organizationId: string,
    @Param('keyId', ParseUUIDPipe) keyId: string,
    @CurrentPrincipal() principal: AdminPrincipal,
  ) {
    return presentKey(await this.keys.revoke(organizationId, keyId, actorOf(principal)));
  }
}

const presentKey = (key: AdminApiKey) => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  createdBy: key.createdBy,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});
