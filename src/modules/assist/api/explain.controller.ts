import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { ExplainService } from '../application/explain.service';
import { ParseTicketIdPipe } from './ticket-id.pipe';

@ApiTags('decisions')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/tickets/:ticketId/explain')
export class ExplainController {
  constructor(private readonly explain: ExplainService) {}

  // The ticket's whole story: webhooks with their signature verdicts, decisions with evidence, tags, notes.
  @Get()
  story(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('ticketId', ParseTicketIdPipe) ticketId: string) {
    return this.explain.story(organizationId, ticketId);
  }
}
