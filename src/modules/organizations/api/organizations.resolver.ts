import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PageQueryDto, pageRequest, pageResponse, PageResponse } from '../../../shared/http/pagination';
import { PageType, pageComplexity } from '../../../shared/graphql/page.graphql';
import { OrganizationsService } from '../application/organizations.service';
import { actorOf, AdminPrincipal } from '../domain/admin-principal';
import { Organization, OrganizationSettings } from '../domain/organization';
import { AdminAuthGuard, CurrentPrincipal, OperatorOnly } from './admin-auth.guard';
import { UpdateOrganizationDto, UpdateSettingsDto } from './organization.dto';

@ObjectType('Settings')
class SettingsType implements OrganizationSettings {
  @Field(() => Boolean) assistEnabled!: boolean;
  @Field(() => Boolean) respondOnlyWithPotentialAnswers!: boolean;
  @Field(() => String) handoffTag!: string;
  @Field(() => Int) dedupeWindowHours!: number;
  @Field(() => String) signOff!: string;
  @Field(() => Int) helpCenterSyncMinutes!: number;
  @Field(() => [String]) actionableStatuses!: OrganizationSettings['actionableStatuses'];
  @Field(() => String) noteLanguage!: OrganizationSettings['noteLanguage'];
  @Field(() => Boolean) guideWriteBack!: boolean;
  @Field(() => Int) zendeskRequestsPerMinute!: number;
  @Field(() => String) noAssistMatching!: OrganizationSettings['noAssistMatching'];
  @Field(() => Int) questionRetentionDays!: number;
  @Field(() => Boolean) macrosEnabled!: boolean;
  @Field(() => Boolean) macrosIncludeRestricted!: boolean;
  @Field(() => Boolean) solvedTicketsEnabled!: boolean;
  @Field(() => Int) solvedTicketsLookbackDays!: number;
}

// Credentials never leave the service, here as in REST: only where Zendesk is and as whom we call it.
@ObjectType('Organization')
export class OrganizationType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) zendeskBaseUrl!: string;
  @Field(() => String) zendeskEmail!: string;
  @Field(() => SettingsType) settings!: OrganizationSettings;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

const OrganizationPage = PageType(OrganizationType, 'OrganizationPage');

const present = (organization: Organization): OrganizationType => ({
  id: organization.id,
  name: organization.name,
  zendeskBaseUrl: organization.zendeskBaseUrl,
  zendeskEmail: organization.zendeskEmail,
  settings: organization.settings,
  createdAt: organization.createdAt,
});

@UseGuards(AdminAuthGuard)
@Resolver(() => OrganizationType)
export class OrganizationsResolver {
  constructor(private readonly service: OrganizationsService) {}

  @Query(() => OrganizationPage, { description: 'Every organization, newest first (operator key only)', complexity: pageComplexity })
  async organizations(@Args() page: PageQueryDto): Promise<PageResponse<OrganizationType>> {
    return pageResponse(await this.service.list(pageRequest(page)), present);
  }

  @Query(() => OrganizationType)
  async organization(@Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string): Promise<OrganizationType> {
    return present(await this.service.get(organizationId));
  }

  @Mutation(() => OrganizationType, { description: 'Changes settings; each change is recorded in the audit log' })
  async updateSettings(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('settings') settings: UpdateSettingsDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ): Promise<OrganizationType> {
    return present(await this.service.updateSettings(organizationId, settings, actorOf(principal)));
  }

  @Mutation(() => OrganizationType, { description: 'Changes the name, Zendesk connection or webhook secret; audited, secrets only as rotated' })
  async updateOrganization(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('changes') changes: UpdateOrganizationDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ): Promise<OrganizationType> {
    return present(await this.service.update(organizationId, changes, actorOf(principal)));
  }

  @Mutation(() => Boolean, { description: 'Deletes the organization and everything of it (operator key only)' })
  @OperatorOnly()
  async deleteOrganization(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @CurrentPrincipal() principal: AdminPrincipal,
  ): Promise<boolean> {
    await this.service.delete(organizationId, actorOf(principal));
    return true;
  }
}
