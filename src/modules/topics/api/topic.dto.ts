import { Field, InputType, PartialType as GraphqlPartialType } from '@nestjs/graphql';
import { PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

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

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(120, { each: true })
  keywords?: string[];

  // Short sample customer messages, for semantic matching.
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(1000, { each: true })
  examples?: string[];

  // A ticket carrying any of these Zendesk tags matches.
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(80, { each: true })
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
