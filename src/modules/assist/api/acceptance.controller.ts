import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { AcceptanceReport, AssistRecords } from '../application/ports/assist-records';

export class AcceptanceQueryDto {
  // Suggestions posted at or after `from` and before `to` (ISO 8601).
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@ApiTags('decisions')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/suggestions/acceptance')
export class AcceptanceController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
  ) {}

  // What reps did with the suggestions (as is, lightly or heavily edited, ignored, pending), overall, per topic
  // and per cited article.
  @Get()
  async report(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: AcceptanceQueryDto): Promise<AcceptanceReport> {
    await this.organizations.get(organizationId);
    return this.records.reportAcceptance(organizationId, {
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
  }
}
