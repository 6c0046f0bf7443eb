import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { SyncRunsService } from '../application/sync-runs.service';
import { SolvedTicketSyncCounts } from '../domain/solved-ticket';
import { ArticleSyncCounts, MacroSyncCounts, SyncCounts, SyncProblem, SyncRun } from '../domain/sync-run';

@ObjectType('SolvedTicketSyncCounts', { description: "Solved tickets a sync run read: pairs stored, replaced, left out (no substantive reply) or removed" })
class SolvedTicketSyncCountsType implements SolvedTicketSyncCounts {
  @Field(() => Int) fetched!: number;
  @Field(() => Int) added!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) skipped!: number;
  @Field(() => Int) removed!: number;
}

@ObjectType({ isAbstract: true })
abstract class ArticleSyncCountsType implements ArticleSyncCounts {
  @Field(() => Int) fetched!: number;
  @Field(() => Int) added!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) removed!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Chunks sent to the embedder' }) embedded!: number;
  @Field(() => Int) skipped!: number;
}

@ObjectType('MacroSyncCounts', { description: "The account's macros, synced in the same run" })
class MacroSyncCountsType extends ArticleSyncCountsType implements MacroSyncCounts {
  @Field(() => Int, { description: 'Listed but kept out: no comment text, or restricted without the opt-in' }) excluded!: number;
}

@ObjectType('SyncCounts')
class SyncCountsType extends ArticleSyncCountsType implements SyncCounts {
  @Field(() => MacroSyncCountsType, { nullable: true, description: 'Absent when macros were not synced in this run' }) macros?: MacroSyncCounts;
  @Field(() => SolvedTicketSyncCountsType, { nullable: true, description: 'Present when the organization has solved tickets on' })
  solvedTickets?: SolvedTicketSyncCounts;
}

@ObjectType('SyncProblem')
class SyncProblemType implements SyncProblem {
  @Field(() => String) articleId!: string;
  @Field(() => String) locale!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { nullable: true }) detail?: string;
}

@ObjectType('SyncRun', { description: 'One Help Center sync of an organization' })
export class SyncRunType implements SyncRun {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) trigger!: SyncRun['trigger'];
  @Field(() => String) status!: SyncRun['status'];
  @Field(() => String, { nullable: true, description: '"full" or "incremental"' }) mode!: string | null;
  @Field(() => SyncCountsType) counts!: SyncCounts;
  @Field(() => Int, { description: 'Pages of articles read so far' }) pages!: number;
  @Field(() => [SyncProblemType], { complexity: 10 }) problems!: SyncProblem[];
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => GraphQLISODateTime) queuedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
}

@UseGuards(AdminAuthGuard)
@Resolver(() => SyncRunType)
export class HelpCenterResolver {
  constructor(private readonly runs: SyncRunsService) {}

  @Query(() => [SyncRunType], { description: "An organization's latest sync runs, newest first", complexity: 20 })
  async syncRuns(@Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string): Promise<SyncRun[]> {
    return (await this.runs.list(organizationId)).items;
  }

  @Query(() => SyncRunType)
  syncRun(@Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<SyncRun> {
    return this.runs.get(organizationId, id);
  }

  @Mutation(() => SyncRunType, { description: 'Queues a Help Center sync; poll syncRun for its outcome' })
  requestHelpCenterSync(@Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string): Promise<SyncRun> {
    return this.runs.request(organizationId, 'api');
  }
}
