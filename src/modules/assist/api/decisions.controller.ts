import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ArgsType, Field } from '@nestjs/graphql';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto, pageRequest, pageResponse } from '../../../shared/http/pagination';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { Decision, DecisionOutcome } from '../domain/decision';
import { AssistRecords, DecisionFilter } from '../application/ports/assist-records';
import { ZENDESK_TICKET_ID, ZENDESK_TICKET_ID_MESSAGE } from '../../zendesk/domain/ticket';
import { ParseTicketIdPipe } from './ticket-id.pipe';

const OUTCOMES: DecisionOutcome[] = ['suggested', 'skipped', 'failed'];

// The REST query string and the GraphQL `decisions` arguments.
@ArgsType()
export class DecisionQueryDto extends PageQueryDto {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ZENDESK_TICKET_ID, { message: ZENDESK_TICKET_ID_MESSAGE })
  ticketId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: DecisionOutcome;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[a-z_]{1,64}$/, { message: 'reason must be a decision reason such as duplicate or no_assist_topic' })
  reason?: string;

  // Decisions whose evidence names this topic among those matched (its exact name).
  @Field(() => String, { nullable: true, description: 'a topic matched, by its exact name' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  topic?: string;

  // Decisions made at or after `from` and before `to` (ISO 8601).
  @Field(() => String, { nullable: true, description: 'ISO 8601; decisions made at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @Field(() => String, { nullable: true, description: 'ISO 8601; decisions made before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@ApiTags('decisions')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId')
export class DecisionsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
  ) {}

  // The decision log, newest first, filtered by ticket, outcome, reason and time, a page at a time.
  @Get('decisions')
  async search(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: DecisionQueryDto) {
    await this.organizations.get(organizationId);
    return pageResponse(await this.records.findDecisions(organizationId, decisionFilter(query), pageRequest(query)), present);
  }

  // "Why did Assist stay quiet?": every decision for the ticket, newest first.
  @Get('tickets/:ticketId/decisions')
  async list(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('ticketId', ParseTicketIdPipe) ticketId: string) {
    await this.organizations.get(organizationId);
    return (await this.records.listDecisions(organizationId, ticketId)).map(present);
  }
}

export const decisionFilter = (query: DecisionQueryDto): DecisionFilter => ({
  ticketId: query.ticketId,
  outcome: query.outcome,
  reason: query.reason,
  topic: query.topic,
  from: query.from === undefined ? undefined : new Date(query.from),
  to: query.to === undefined ? undefined : new Date(query.to),
});

const present = (d: Decision) => ({
  ticketId: d.ticketId,
  at: d.at,
  outcome: d.outcome,
  reason: d.reason,
  tagsApplied: d.tagsApplied,
  suggestionId: d.suggestionId ?? undefined,
  commentId: d.commentId,
  evidence: d.evidence,
});
