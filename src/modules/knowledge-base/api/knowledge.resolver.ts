import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, ArgsType, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { PageType, pageComplexity } from '../../../shared/graphql/page.graphql';
import { pageRequest, pageResponse, PageResponse } from '../../../shared/http/pagination';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { KnowledgeBaseService } from '../application/knowledge-base.service';
import { ArticleDetail, ArticleSummary } from '../application/ports/article-admin.repository';
import { articleFilter } from './knowledge.controller';
import { ArticleQueryDto } from './knowledge.dto';

@ObjectType('KnowledgeArticle')
class KnowledgeArticleType implements ArticleSummary {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "The article's id in Zendesk Guide, or as uploaded" }) externalId!: string;
  @Field(() => String) locale!: string;
  @Field(() => String) title!: string;
  @Field(() => String) url!: string;
  @Field(() => String, { description: 'api, help_center or macro' }) source!: ArticleSummary['source'];
  @Field(() => String, { description: 'public, restricted or internal' }) visibility!: ArticleSummary['visibility'];
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType('KnowledgeChunkOutline')
class KnowledgeChunkOutlineType {
  @Field(() => Int) ordinal!: number;
  @Field(() => String, { nullable: true, description: 'The section heading the chunk falls under' }) heading!: string | null;
}

@ObjectType('KnowledgeArticleDetail', { description: 'One article: its metadata and the outline of its chunks (no text, no vectors)' })
class KnowledgeArticleDetailType extends KnowledgeArticleType implements ArticleDetail {
  @Field(() => String, { nullable: true }) brandId!: string | null;
  @Field(() => String, { nullable: true }) sectionName!: string | null;
  @Field(() => String, { nullable: true }) categoryName!: string | null;
  @Field(() => Int) chunkCount!: number;
  @Field(() => [KnowledgeChunkOutlineType]) chunks!: ArticleDetail['chunks'];
}

// Arguments are validated as one object: the organization is one of them.
@ArgsType()
class KnowledgeArticlesArgs extends ArticleQueryDto {
  @Field(() => ID)
  @IsUUID()
  organizationId!: string;
}

const KnowledgeArticlePage = PageType(KnowledgeArticleType, 'KnowledgeArticlePage');

@UseGuards(AdminAuthGuard)
@Resolver(() => KnowledgeArticleType)
export class KnowledgeResolver {
  constructor(private readonly knowledgeBase: KnowledgeBaseService) {}

  @Query(() => KnowledgeArticlePage, { description: "The organization's knowledge articles, newest first", complexity: pageComplexity })
  async knowledgeArticles(@Args() query: KnowledgeArticlesArgs): Promise<PageResponse<ArticleSummary>> {
    return pageResponse(await this.knowledgeBase.listArticles(query.organizationId, articleFilter(query), pageRequest(query)));
  }

  @Query(() => KnowledgeArticleDetailType)
  knowledgeArticle(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<ArticleDetail> {
    return this.knowledgeBase.getArticle(organizationId, id);
  }

  @Mutation(() => Boolean, { description: 'Deletes an article uploaded through the API; one synced from the Help Center is refused (CONFLICT)' })
  async deleteKnowledgeArticle(
    @Args('organizationId', { type: () => ID }, ParseUUIDPipe) organizationId: string,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<boolean> {
    await this.knowledgeBase.deleteArticle(organizationId, id);
    return true;
  }
}
