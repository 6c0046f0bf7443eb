import { Field, InputType, OmitType as GraphqlOmitType, PartialType as GraphqlPartialType } from '@nestjs/graphql';
import { OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

// The POST body and the GraphQL `createTrainingAnswer` input.
@InputType('TrainingAnswerInput')
export class CreateTrainingAnswerDto {
  // The customer's question, as the rep saw it.
  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  question: string;

  // The right answer, as the rep would send it.
  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  answer: string;

  // The suggestion the rep corrected, if any.
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUUID()
  suggestionId?: string;
}

// The PATCH body: the question, the answer or both, validated as on create.
export class UpdateTrainingAnswerDto extends PartialType(OmitType(CreateTrainingAnswerDto, ['suggestionId'] as const)) {}

// The GraphQL `updateTrainingAnswer` input, the same fields.
@InputType('TrainingAnswerChangesInput')
export class TrainingAnswerChangesInput extends GraphqlPartialType(GraphqlOmitType(CreateTrainingAnswerDto, ['suggestionId'] as const, InputType), InputType) {}
