import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { PageQueryDto, pageRequest, pageResponse } from '../../../shared/http/pagination';
import { SyncRunsService } from '../application/sync-runs.service';

const RUNS_PER_PAGE = 20;

@ApiTags('help center')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
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
  async list(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: PageQueryDto) {
    return pageResponse(await this.runs.list(organizationId, pageRequest(query, RUNS_PER_PAGE)));
  }

  @Get(':runId')
  get(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('runId', ParseUUIDPipe) runId: string) {
    return this.runs.get(organizationId, runId);
  }
}
