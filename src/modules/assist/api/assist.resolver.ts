import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, ArgsType, Context, Field, Float, GraphQLISODateTime, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageType, pageComplexity } from '../../../shared/graphql/page.graphql';
import { pageRequest, pageResponse, PageResponse } from '../../../shared/http/pagination';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { TopicType } from '../../topics/api/topics.resolver';
import { AssistRecords } from '../application/ports/assist-records';
import { TrainingActionLog } from '../application/ports/training-action-log';
import { TrainingLinksService } from '../application/training-links.service';
import { Decision, Suggestion } from '../domain/decision';
import { trainingLinkInNote } from '../domain/training-link';
import { decisionFilter, DecisionQueryDto } from './decisions.controller';
import { ParseTicketIdPipe } from './ticket-id.pipe';

@ObjectType('Decision', { description: 'What Assist decided for a ticket update, and why' })
class DecisionType {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => String) ticketId!: string;
  @Field(() => String, { nullable: true, description: 'The public comment it answered' }) commentId!: string | null;
  @Field(() => String, { description: 'suggested, skipped or failed' }) outcome!: string;
  @Field(() => String) reason!: string;
  @Field(() => [String]) tagsApplied!: string[];
  @Field(() => ID, { nullable: true }) suggestionId!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'Status seen, topics matched and why, retrieval scores, errors' })
  evidence!: Record<string, unknown>;
}

const DecisionPage = PageType(DecisionType, 'DecisionPage');

@ObjectType('Source')
class SourceType {
  @Field(() => ID) articleId!: string;
  @Field(() => String) title!: string;
  @Field(() => String) url!: string;
  @Field(() => Boolean, { description: 'Restricted or internal: not to be pasted verbatim' }) internal!: boolean;
}

@ObjectType('TrainingLink', { description: "The note's training link and whether it opens its suggestion now" })
class TrainingLinkType {
  @Field(() => String) url!: string;
  @Field(() => String, { description: 'valid, expired or invalid' }) verdict!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Boolean) onThisService!: boolean;
}

@ObjectType('SuggestionAcceptance', { description: "What the rep did with the suggestion, judged from their public reply" })
class SuggestionAcceptanceType {
  @Field(() => String, { description: 'as_is, lightly_edited, heavily_edited or ignored' }) acceptance!: string;
  @Field(() => Float, { description: 'Word overlap of the draft and the reply (F1), 0 to 1' }) similarity!: number;
  @Field(() => String, { nullable: true, description: 'The public reply it was judged on; null when solved without one' })
  agentCommentId!: string | null;
  @Field(() => GraphQLISODateTime) judgedAt!: Date;
}

@ObjectType('TrainingAction', { description: "What a rep did on the suggestion's training page" })
class TrainingActionType {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => String, { description: 'rated, answer_corrected, article_fixed, topic_reassigned, topic_example_added or topic_marked_no_assist' })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'good or needs_work, for a rating' }) rating?: string;
  @Field(() => String, { nullable: true }) comment?: string;
  @Field(() => GraphQLJSONObject, { description: "The training answer's, article's or topic's id and name" }) details!: Record<string, string>;
}

@ObjectType('Suggestion', { description: 'A draft Assist posted, or was about to post, as an internal note' })
class SuggestionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => String) ticketId!: string;
  @Field(() => String) commentId!: string;
  @Field(() => String, { description: "The customer's words as Assist read them" }) question!: string;
  @Field(() => String) reply!: string;
  @Field(() => Boolean, { description: 'Whether the knowledge base sourced the answer' }) sourced!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) postedAt!: Date | null;
  @Field(() => String, { nullable: true }) zendeskCommentId!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => SuggestionAcceptanceType, { nullable: true, description: 'Null until an agent replied publicly after the note' })
  acceptance!: SuggestionAcceptanceType | null;
  noteHtml!: string;
  rawSources!: Suggestion['sources'];
}

// Arguments are validated as one object: the organization is one of them.
@ArgsType()
class DecisionsArgs extends DecisionQueryDto {
  @Field(() => ID)
  @IsUUID()
  organizationId!: string;
}

const presentDecision = (decision: Decision): DecisionType => ({ ...decision, commentId: decision.commentId, suggestionId: decision.suggestionId });
const presentSuggestion = ({ sources, ...suggestion }: Suggestion): SuggestionType => ({ ...suggestion, rawSources: sources });

@UseGuards(AdminAuthGuard)
@Resolver(() => DecisionType)
export class DecisionsResolver {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
  ) {}

  @Query(() => DecisionPage, { description: 'The decision log, newest first', complexity: pageComplexity })
  async decisions(@Args() query: DecisionsArgs): Promise<PageResponse<DecisionType>> {
    await this.organizations.get(query.organizationId);
    return pageResponse(await this.records.findDecisions(query.organizationId, decisionFilter(query), pageRequest(query)), presentDecision);
  }

  @ResolveField(() => SuggestionType, { nullable: true, description: 'The suggestion this decision posted' })
  async suggestion(@Parent() decision: DecisionType): Promise<SuggestionType | null> {
    const suggestion = decision.suggestionId ? await this.records.findSuggestion(decision.suggestionId) : null;
    return suggestion && presentSuggestion(suggestion);
  }
}

@UseGuards(AdminAuthGuard)
@Resolver(() => SuggestionType)
export class SuggestionsResolver {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
    private readonly trainingLinks: TrainingLinksService,
    private readonly trainingActionLog: TrainingActionLog,
  ) {}

  @Query(() => [SuggestionType], { description: "A ticket's suggestions, oldest first", complexity: 20 })
  async suggestions(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('ticketId', { type: () => String }, ParseTicketIdPipe) ticketId: string,
  ): Promise<SuggestionType[]> {
    await this.organizations.get(organizationId);
    return (await this.records.listSuggestions(organizationId, ticketId)).map(presentSuggestion);
  }

  @ResolveField(() => [SourceType])
  sources(@Parent() suggestion: SuggestionType): SourceType[] {
    return suggestion.rawSources.map((source) => ({ ...source, internal: source.internal ?? false }));
  }

  @ResolveField(() => [DecisionType], { description: 'The decisions that made or skipped this suggestion', complexity: 10 })
  async decisions(@Parent() suggestion: SuggestionType): Promise<DecisionType[]> {
    const decisions = await this.records.listDecisions(suggestion.organizationId, suggestion.ticketId);
    return decisions.filter((decision) => decision.suggestionId === suggestion.id).map(presentDecision);
  }

  @ResolveField(() => TrainingLinkType, { nullable: true, description: "Its training state: the note's link, checked now" })
  trainingLink(@Parent() suggestion: SuggestionType): TrainingLinkType | null {
    const url = trainingLinkInNote(suggestion.noteHtml, suggestion.id);
    return url === null ? null : this.trainingLinks.check(suggestion.id, url);
  }

  @ResolveField(() => [TrainingActionType], { description: 'What reps did on its training page, oldest first', complexity: 10 })
  trainingActions(@Parent() suggestion: SuggestionType): Promise<TrainingActionType[]> {
    return this.trainingActionLog.listForSuggestion(suggestion.id);
  }
}

// How many decisions matched a topic: counted once per request and organization, however many topics ask.
@Resolver(() => TopicType)
export class TopicMatchesResolver {
  constructor(private readonly records: AssistRecords) {}

  @ResolveField(() => Int, { description: 'Decisions that matched this topic' })
  async matchCount(@Parent() topic: TopicType, @Context() context: { topicMatchCounts?: Map<string, Promise<Map<string, number>>> }): Promise<number> {
    context.topicMatchCounts ??= new Map();
    let counts = context.topicMatchCounts.get(topic.organizationId);
    if (!counts) {
      counts = this.records.countTopicMatches(topic.organizationId);
      context.topicMatchCounts.set(topic.organizationId, counts);
    }
    return (await counts).get(topic.name) ?? 0;
  }
}
