import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ArgsType, Field } from '@nestjs/graphql';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { Insights, InsightsService } from '../application/insights.service';
import { MAX_PERIOD_DAYS, spanInDays, UTC_DAY } from '../domain/insights-period';

// `to` after `from`, at most MAX_PERIOD_DAYS later; checked when both are given (one alone spans the default).
const WithinPeriodAfterFrom = () =>
  ValidateBy({
    name: 'withinPeriodAfterFrom',
    validator: {
      validate(to: unknown, { object }: ValidationArguments) {
        const from = (object as InsightsQueryDto).from;
        if (typeof to !== 'string' || typeof from !== 'string' || !UTC_DAY.test(from) || !UTC_DAY.test(to)) return true;
        const span = spanInDays({ from: new Date(from), to: new Date(to) });
        return span > 0 && span <= MAX_PERIOD_DAYS;
      },
      defaultMessage: () => `to must be after from, and at most ${MAX_PERIOD_DAYS} days after it`,
    },
  });

// The REST query string and the GraphQL `insights` arguments: whole UTC days, `from` included, `to` excluded.
@ArgsType()
export class InsightsQueryDto {
  @Field(() => String, { nullable: true, description: 'First UTC day, YYYY-MM-DD (default: 30 days before `to`)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a valid date' })
  @Matches(UTC_DAY, { message: 'from must be a UTC day, YYYY-MM-DD' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'The UTC day after the last one, YYYY-MM-DD (default: tomorrow)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a valid date' })
  @Matches(UTC_DAY, { message: 'to must be a UTC day, YYYY-MM-DD' })
  @WithinPeriodAfterFrom()
  to?: string;
}

@ApiTags('insights')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/insights')
export class InsightsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly insights: InsightsService,
  ) {}

  @ApiOperation({
    summary: "The dashboard's numbers for a period",
    description:
      'Decisions per day by outcome, skip reasons, acceptance over time and per topic, the articles behind heavily edited or ' +
      'ignored suggestions, and knowledge gaps: clusters of recent questions Assist found no sourced answer for.',
  })
  @Get()
  async report(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: InsightsQueryDto): Promise<Insights> {
    await this.organizations.get(organizationId);
    return this.insights.insights(organizationId, query);
  }
}
