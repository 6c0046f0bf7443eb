import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { SolvedTicketsService } from '../application/solved-tickets.service';

// How many solved tickets the organization keeps as past answers, and when they were last synced. Their text
// (redacted as it is) is not listed: the pairs are read only to ground drafts.
@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/knowledge/solved-tickets')
export class SolvedTicketsController {
  constructor(private readonly solvedTickets: SolvedTicketsService) {}

  @Get()
  summary(@Param('organizationId', ParseUUIDPipe) organizationId: string) {
    return this.solvedTickets.summary(organizationId);
  }
}
