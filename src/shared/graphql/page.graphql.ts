import { Type } from '@nestjs/common';
import { ComplexityEstimatorArgs, Field, ObjectType } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE } from '../http/pagination';

// A page of a list, as the REST API's `{ items, nextCursor }`.
export function PageType<T>(item: Type<T>, name: string) {
  @ObjectType(name)
  abstract class PageOf {
    @Field(() => [item]) items!: T[];
    @Field(() => String, { nullable: true, description: 'Pass as `cursor` for the next page; null on the last one' })
    nextCursor!: string | null;
  }
  return PageOf;
}

// A list field costs its page size times what is asked of each item.
export const pageComplexity = ({ args, childComplexity }: ComplexityEstimatorArgs) =>
  1 + childComplexity * ((args.limit as number | undefined) ?? DEFAULT_PAGE_SIZE);
