import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../../shared/http/admin-token.guard';
import { SyncRunsService } from '../application/sync-runs.service';

@ApiTags('help center')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/organizations/:organizationId/help-center/sync')
export class HelpCenterController {
  constructor(private readonly runs: SyncRunsService) {}

  // Queues a sync and answers at once; poll the run for its progress and outcome.
  @Post()
  @HttpCode(202)
  request(@Param('organizationId', ParseUUIDPipe) organizationId: string) {
    return this.runs.request(organizationId, 'api');
  }

  @Get()
  list(@Param('organizationId', ParseUUIDPipe) organizationId: string) {
    return this.runs.list(organizationId);
  }

  @Get(':runId')
  get(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('runId', ParseUUIDPipe) runId: string) {
    return this.runs.get(organizationId, runId);
  }
}
