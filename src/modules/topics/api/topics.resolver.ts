import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationType } from '../../organizations/api/organizations.resolver';
import { TopicsService } from '../application/topics.service';
import { TopicDetails } from '../domain/topic';
import { CreateTopicDto, TopicChangesInput } from './topic.dto';

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

@UseGuards(AdminAuthGuard)
@Resolver(() => TopicType)
export class TopicsResolver {
  constructor(private readonly service: TopicsService) {}

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

  @Mutation(() => TopicType)
  createTopic(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('topic') topic: CreateTopicDto,
  ): Promise<TopicDetails> {
    return this.service.create(organizationId, { ...topic, keywords: topic.keywords ?? [], examples: topic.examples ?? [], zendeskTags: topic.zendeskTags ?? [] });
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
