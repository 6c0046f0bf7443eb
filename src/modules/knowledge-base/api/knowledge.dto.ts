import { ArgsType, Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../shared/http/pagination';
import { KnowledgeSource } from '../domain/article';

const LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

export class ArticleDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  externalId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @IsString()
  @MaxLength(2_000_000)
  body: string;

  @IsUrl({ require_tld: false })
  @MaxLength(2048)
  url: string;

  @Matches(LOCALE, { message: 'locale must look like en-us' })
  @MaxLength(35)
  locale: string;
}

export class UpsertArticlesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ArticleDto)
  articles: ArticleDto[];
}

// The REST query string and the GraphQL `knowledgeArticles` arguments.
@ArgsType()
export class ArticleQueryDto extends PageQueryDto {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(LOCALE, { message: 'locale must look like en-us' })
  @MaxLength(35)
  locale?: string;

  // Uploaded through this API, synced from the Help Center, or a synced Zendesk macro.
  @Field(() => String, { nullable: true, description: 'api, help_center or macro' })
  @IsOptional()
  @IsIn(['api', 'help_center', 'macro'])
  source?: KnowledgeSource;
}
