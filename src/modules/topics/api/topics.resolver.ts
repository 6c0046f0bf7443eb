import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, ArgsType, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationType } from '../../organizations/api/organizations.resolver';
import { TopicTesterService, TopicTestReport } from '../application/topic-tester.service';
import { TopicsService } from '../application/topics.service';
import { TopicDetails } from '../domain/topic';
import { MatchShown, TopicTestExample, TopicTestGroup } from '../domain/topic-test';
import { CreateTopicDto, TestTopicDto, TopicChangesInput, topicDraft } from './topic.dto';

@ObjectType('Topic')
export class TopicType implements TopicDetails {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [String]) keywords!: string[];
  @Field(() => [String]) examples!: string[];
  @Field(() => [String]) zendeskTags!: string[];
  @Field(() => Boolean, { description: 'On the no-assist list: matching tickets get a tag, never a note' }) noAssist!: boolean;
  @Field(() => Int, { description: 'How many of the examples reps added from a training page (and no admin removed since)' }) examplesFromReps!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

const TOPICS_COMPLEXITY = 50;

@ObjectType('TopicTestMatch')
class TopicTestMatchType implements MatchShown {
  @Field(() => String) name!: string;
  @Field(() => Boolean) noAssist!: boolean;
  @Field(() => String, { description: '`keyword:refund`, `tag:x`, `semantic:0.41`' }) because!: string;
}

@ObjectType('TopicTestExample')
class TopicTestExampleType implements TopicTestExample {
  @Field(() => String) ticketId!: string;
  @Field(() => GraphQLISODateTime) askedAt!: Date;
  @Field(() => String) excerpt!: string;
  @Field(() => String) because!: string;
  @Field(() => [TopicTestMatchType]) before!: MatchShown[];
  @Field(() => [TopicTestMatchType]) after!: MatchShown[];
}

@ObjectType('TopicTestGroup')
class TopicTestGroupType implements TopicTestGroup {
  @Field(() => Int) count!: number;
  @Field(() => [TopicTestExampleType], { description: 'The 20 most recent' }) examples!: TopicTestExample[];
}

@ObjectType('TopicTest')
class TopicTestType implements TopicTestReport {
  @Field(() => Int) sinceDays!: number;
  @Field(() => Int) ticketsTested!: number;
  @Field(() => Boolean, { description: 'More stored tickets in the window than the 5,000 most recent tested' }) truncated!: boolean;
  @Field(() => Boolean, { description: 'The LLM stage was not replayed' }) llmStageSkipped!: boolean;
  @Field(() => TopicTestGroupType, { description: 'Tickets the draft topic matches' }) caught!: TopicTestGroup;
  @Field(() => TopicTestGroupType, { description: 'Not skipped for a no-assist topic before, skipped with the draft' }) newlySkipped!: TopicTestGroup;
  @Field(() => TopicTestGroupType, { description: 'Skipped for a no-assist topic before, not with the draft' }) newlyAssisted!: TopicTestGroup;
}

// Arguments are validated as one object: the organization is one of them.
@ArgsType()
class TopicTestArgs extends TestTopicDto {
  @Field(() => ID)
  @IsUUID()
  organizationId!: string;
}

@UseGuards(AdminAuthGuard)
@Resolver(() => TopicType)
export class TopicsResolver {
  constructor(
    private readonly service: TopicsService,
    private readonly tester: TopicTesterService,
  ) {}

  @Query(() => [TopicType], { complexity: TOPICS_COMPLEXITY })
  topics(@Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string): Promise<TopicDetails[]> {
    return this.service.list(organizationId);
  }

  @Query(() => TopicType)
  topic(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<TopicDetails> {
    return this.service.get(organizationId, id);
  }

  @Query(() => TopicTestType, { description: 'What a draft topic would catch among the stored questions; writes nothing' })
  topicTest(@Args() args: TopicTestArgs): Promise<TopicTestReport> {
    return this.tester.test(args.organizationId, topicDraft(args.topic), args.sinceDays ?? undefined);
  }

  @Mutation(() => TopicType)
  createTopic(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('topic') topic: CreateTopicDto,
  ): Promise<TopicDetails> {
    return this.service.create(organizationId, topicDraft(topic));
  }

  @Mutation(() => TopicType)
  updateTopic(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('changes') changes: TopicChangesInput,
  ): Promise<TopicDetails> {
    return this.service.update(organizationId, id, changes);
  }

  @Mutation(() => Boolean)
  async deleteTopic(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<boolean> {
    await this.service.delete(organizationId, id);
    return true;
  }
}

// An organization's topics, under the organization the caller was allowed to read.
@Resolver(() => OrganizationType)
export class OrganizationTopicsResolver {
  constructor(private readonly service: TopicsService) {}

  @ResolveField(() => [TopicType], { complexity: TOPICS_COMPLEXITY })
  topics(@Parent() organization: OrganizationType): Promise<TopicDetails[]> {
    return this.service.list(organization.id);
  }
}
