import { UseGuards } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { Insights, InsightsService } from '../application/insights.service';
import { InsightsQueryDto } from './insights.controller';

// Arguments are validated as one object: the organization is one of them.
@ArgsType()
class InsightsArgs extends InsightsQueryDto {
  @Field(() => ID)
  @IsUUID()
  organizationId!: string;
}

@UseGuards(AdminAuthGuard)
@Resolver()
export class InsightsResolver {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly insights: InsightsService,
  ) {}

  @Query(() => GraphQLJSONObject, { name: 'insights', description: 'The same JSON as GET /admin/organizations/{organizationId}/insights', complexity: 20 })
  async insightsReport(@Args() { organizationId, ...query }: InsightsArgs): Promise<Insights> {
    await this.organizations.get(organizationId);
    return this.insights.insights(organizationId, query);
  }
}
