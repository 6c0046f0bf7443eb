import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

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

  @Matches(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, { message: 'locale must look like en-us' })
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
