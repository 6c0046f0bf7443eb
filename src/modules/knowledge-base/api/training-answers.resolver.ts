import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, ArgsType, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { PageType, pageComplexity } from '../../../shared/graphql/page.graphql';
import { pageRequest, pageResponse, PageQueryDto, PageResponse } from '../../../shared/http/pagination';
import { AdminAuthGuard, CurrentPrincipal } from '../../organizations/api/admin-auth.guard';
import { actorOf, AdminPrincipal } from '../../organizations/domain/admin-principal';
import { TrainingAnswersService } from '../application/training-answers.service';
import { TrainingAnswer } from '../domain/training-answer';
import { CreateTrainingAnswerDto, TrainingAnswerChangesInput } from './training-answer.dto';

@ObjectType('TrainingAnswer', { description: "A rep's corrected answer, used before articles for similar questions" })
class TrainingAnswerType implements TrainingAnswer {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) question!: string;
  @Field(() => String) answer!: string;
  @Field(() => ID, { nullable: true }) suggestionId!: string | null;
  @Field(() => String, { description: '"operator" or an admin API key id' }) createdBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

// Arguments are validated as one object: the organization is one of them.
@ArgsType()
class TrainingAnswersArgs extends PageQueryDto {
  @Field(() => ID)
  @IsUUID()
  organizationId!: string;
}

const TrainingAnswerPage = PageType(TrainingAnswerType, 'TrainingAnswerPage');

@UseGuards(AdminAuthGuard)
@Resolver(() => TrainingAnswerType)
export class TrainingAnswersResolver {
  constructor(private readonly service: TrainingAnswersService) {}

  @Query(() => TrainingAnswerPage, { description: "The organization's training answers, newest first", complexity: pageComplexity })
  async trainingAnswers(@Args() query: TrainingAnswersArgs): Promise<PageResponse<TrainingAnswer>> {
    return pageResponse(await this.service.list(query.organizationId, pageRequest(query)));
  }

  @Query(() => TrainingAnswerType)
  trainingAnswer(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<TrainingAnswer> {
    return this.service.get(organizationId, id);
  }

  @Mutation(() => TrainingAnswerType)
  createTrainingAnswer(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('trainingAnswer') trainingAnswer: CreateTrainingAnswerDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ): Promise<TrainingAnswer> {
    return this.service.create(organizationId, { ...trainingAnswer, createdBy: actorOf(principal) });
  }

  @Mutation(() => TrainingAnswerType)
  updateTrainingAnswer(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('changes') changes: TrainingAnswerChangesInput,
  ): Promise<TrainingAnswer> {
    return this.service.update(organizationId, id, changes);
  }

  @Mutation(() => Boolean)
  async deleteTrainingAnswer(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<boolean> {
    await this.service.delete(organizationId, id);
    return true;
  }
}
