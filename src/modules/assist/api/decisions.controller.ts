import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../../shared/http/admin-token.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { AssistRecords } from '../application/ports/assist-records';

@ApiTags('decisions')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/organizations/:organizationId/tickets/:ticketId/decisions')
export class DecisionsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
  ) {}

  // "Why did Assist stay quiet?": every decision for the ticket, newest first.
  @Get()
  async list(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('ticketId') ticketId: string) {
    await this.organizations.get(organizationId);
    const decisions = await this.records.listDecisions(organizationId, ticketId);
    return decisions.map((d) => ({
      at: d.at,
      outcome: d.outcome,
      reason: d.reason,
      tagsApplied: d.tagsApplied,
      suggestionId: d.suggestionId ?? undefined,
      commentId: d.commentId,
      evidence: d.evidence,
    }));
  }
}
