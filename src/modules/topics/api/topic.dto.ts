import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int, PartialType as GraphqlPartialType } from '@nestjs/graphql';
import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ZENDESK_TAG } from '../../organizations/api/organization.dto';
import { MAX_QUESTION_RETENTION_DAYS } from '../../organizations/domain/organization';
import { TopicDraft } from '../domain/topic';

// An optional list of non-empty, bounded strings, in the REST body and the GraphQL input alike.
function OptionalStringList({ maxItems, maxLength, pattern }: { maxItems: number; maxLength: number; pattern?: RegExp }) {
  return applyDecorators(
    Field(() => [String], { nullable: true }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(maxLength, { each: true }),
    ...(pattern ? [Matches(pattern, { each: true, message: 'each value must be a Zendesk tag (letters, digits, _-:./)' })] : []),
  );
}

// The POST body and the GraphQL `createTopic` input.
@InputType('TopicInput')
export class CreateTopicDto {
  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @Field(() => String)
  @IsString()
  @MaxLength(2000)
  description: string;

  @OptionalStringList({ maxItems: 100, maxLength: 120 })
  keywords?: string[];

  // Short sample customer messages, for semantic matching.
  @OptionalStringList({ maxItems: 50, maxLength: 1000 })
  examples?: string[];

  // A ticket carrying any of these Zendesk tags matches.
  @OptionalStringList({ maxItems: 50, maxLength: 80, pattern: ZENDESK_TAG })
  zendeskTags?: string[];

  @Field(() => Boolean)
  @IsBoolean()
  noAssist: boolean;
}

export class UpdateTopicDto extends PartialType(CreateTopicDto) {}

// The GraphQL `updateTopic` input: every field optional, validated as on create.
@InputType('TopicChangesInput')
export class TopicChangesInput extends GraphqlPartialType(CreateTopicDto, InputType) {}

// A trial classification: which topics a ticket with this text and these tags would match, and why.
export class ClassifyTicketDto {
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  text: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  tags?: string[];
}

// A topic as it would be created, or, with `id`, as the topic `id` would become.
@InputType('TopicDraftInput')
export class TopicDraftDto extends CreateTopicDto {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  id?: string;
}

// The topic tester's REST body; in GraphQL the arguments beside `organizationId`.
@ArgsType()
export class TestTopicDto {
  @Field(() => TopicDraftDto)
  @IsObject()
  @ValidateNested()
  @Type(() => TopicDraftDto)
  topic: TopicDraftDto;

  // Days of stored questions to replay (30 by default); no more than the organization keeps.
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUESTION_RETENTION_DAYS)
  sinceDays?: number;
}

// Lists left out of a body or a GraphQL input are empty.
export function topicDraft<T extends CreateTopicDto>(input: T): T & TopicDraft {
  return { ...input, keywords: input.keywords ?? [], examples: input.examples ?? [], zendeskTags: input.zendeskTags ?? [] };
}
