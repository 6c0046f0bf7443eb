import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, validate } from 'class-validator';
import { fieldErrors } from '../../../../shared/http/validation';
import { safeText } from '../../../../shared/text/safe-text';
import { TopicFix } from '../../application/training-actions.service';
import { DRAFT_RATINGS, DraftRating } from '../../domain/training-action';

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

// The form's fields as typed (for showing them again), and either the checked form or what is wrong with it.
export async function readForm<T extends object>(
  Form: new () => T,
  body: unknown,
): Promise<{ values: Record<string, string> } & ({ form: T } | { problems: string[] })> {
  // A keyboard types no NUL or control character; one sent anyway would fail the statement that stores it.
  const values = Object.fromEntries(
    Object.entries(typeof body === 'object' && body !== null ? body : {})
      .filter((entry): entry is [string, string] => entry[0] !== '_csrf' && typeof entry[1] === 'string')
      .map(([name, value]) => [name, safeText(value)]),
  );
  const form = plainToInstance(Form, values);
  const errors = await validate(form, { whitelist: true });
  return errors.length > 0 ? { values, problems: fieldErrors(errors).map((error) => error.message) } : { values, form };
}
