import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { SolvedTicketsService } from '../application/solved-tickets.service';
import { SolvedTicketsSummary } from '../domain/solved-ticket';

@ObjectType('SolvedTicketsSummary', { description: 'Solved tickets kept as past answers (personal data removed)' })
class SolvedTicketsSummaryType implements SolvedTicketsSummary {
  @Field(() => Boolean, { description: 'The solvedTicketsEnabled setting' }) enabled!: boolean;
  @Field(() => Int) count!: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the ticket export was last read to its end' }) lastSyncedAt!: Date | null;
}

@UseGuards(AdminAuthGuard)
@Resolver(() => SolvedTicketsSummaryType)
export class SolvedTicketsResolver {
  constructor(private readonly service: SolvedTicketsService) {}

  @Query(() => SolvedTicketsSummaryType, { description: "How many solved tickets ground the organization's drafts, and their last sync" })
  solvedTickets(@Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string): Promise<SolvedTicketsSummary> {
    return this.service.summary(organizationId);
  }
}
