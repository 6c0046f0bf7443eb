import { applyDecorators } from '@nestjs/common';
import { Field, InputType, PartialType as GraphqlPartialType } from '@nestjs/graphql';
import { PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ZENDESK_TAG } from '../../organizations/api/organization.dto';

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
