import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { ZENDESK_TICKET_ID, ZENDESK_TICKET_ID_MESSAGE } from '../../zendesk/domain/ticket';
import { AssistRecords } from '../application/ports/assist-records';

export class RecordHandoffDto {
  // A Zendesk ticket id, as a number or a numeric string.
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @Matches(ZENDESK_TICKET_ID, { message: ZENDESK_TICKET_ID_MESSAGE })
  ticketId: string;
}

// Called by our Ticketing API handoff flow for the tickets it creates: Assist never touches those.
@ApiTags('handoffs')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/handoffs')
export class HandoffsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
  ) {}

  @Post()
  @HttpCode(201)
  async record(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Body() body: RecordHandoffDto) {
    await this.organizations.get(organizationId);
    await this.records.recordHandoff(organizationId, body.ticketId);
    return { organizationId, ticketId: body.ticketId };
  }
}
