import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { TopicFix } from '../application/training-actions.service';
import { DRAFT_RATINGS, DraftRating } from '../../assist/domain/training-action';

const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

// The training page's form posts (application/x-www-form-urlencoded), checked as strictly as the admin API's bodies.
export class RatingForm {
  @IsIn(DRAFT_RATINGS, { message: 'Choose "Good" or "Needs work"' })
  rating: DraftRating;

  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class AnswerForm {
  @trimmed()
  @IsString()
  @MinLength(1, { message: 'The question must not be empty' })
  @MaxLength(5000)
  question: string;

  @trimmed()
  @IsString()
  @MinLength(1, { message: 'The answer must not be empty' })
  @MaxLength(10000)
  answer: string;
}

export class ArticleForm {
  @IsUUID()
  articleId: string;

  @trimmed()
  @IsString()
  @MinLength(1, { message: 'The title must not be empty' })
  @MaxLength(255)
  title: string;

  @trimmed()
  @IsString()
  @MinLength(1, { message: 'The body must not be empty' })
  @MaxLength(1_000_000)
  body: string;
}

const TOPIC_FIXES: TopicFix[] = ['reassign', 'add_example', 'mark_no_assist'];

export class TopicForm {
  @IsIn(TOPIC_FIXES)
  fix: TopicFix;

  @IsUUID(undefined, { message: 'Choose a topic' })
  topicId: string;
}
