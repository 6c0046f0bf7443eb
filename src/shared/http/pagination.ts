import { BadRequestException } from '@nestjs/common';
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Keyset, Page, PageRequest } from '../pagination/page';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

// The query string of a REST list and the arguments of a GraphQL one.
@ArgsType()
export class PageQueryDto {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  // The `nextCursor` of the previous page, as given.
  @Field(() => String, { nullable: true, description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface PageResponse<T> {
  items: T[];
  nextCursor: string | null;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pageRequest(query: PageQueryDto, defaultLimit = DEFAULT_PAGE_SIZE): PageRequest {
  return { limit: query.limit ?? defaultLimit, after: query.cursor === undefined ? undefined : decodeCursor(query.cursor) };
}

export function pageResponse<T>(page: Page<T>): PageResponse<T>;
export function pageResponse<T, View>(page: Page<T>, present: (item: T) => View): PageResponse<View>;
export function pageResponse<T, View>(page: Page<T>, present?: (item: T) => View): PageResponse<T | View> {
  return { items: present ? page.items.map(present) : page.items, nextCursor: page.next && encodeCursor(page.next) };
}

// Opaque to clients, so that the ordering behind it can change without breaking them.
export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.at, keyset.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && TIMESTAMP.test(at) && typeof id === 'string' && UUID.test(id)) return { at, id };
  } catch {
    // Not JSON: reported below like any other foreign cursor.
  }
  throw new BadRequestException({
    message: 'The request is invalid',
    errors: [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this endpoint' }],
  });
}
