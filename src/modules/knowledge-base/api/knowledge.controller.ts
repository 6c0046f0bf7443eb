import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { pageRequest, pageResponse } from '../../../shared/http/pagination';
import { KnowledgeBaseService } from '../application/knowledge-base.service';
import { ArticleFilter } from '../application/ports/article-admin.repository';
import { ArticleQueryDto, UpsertArticlesDto } from './knowledge.dto';

@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledgeBase: KnowledgeBaseService) {}

  @Post('articles')
  @HttpCode(200)
  upsertArticles(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Body() body: UpsertArticlesDto) {
    return this.knowledgeBase.upsertArticles(
      organizationId,
      body.articles.map(({ body: bodyHtml, ...article }) => ({ ...article, bodyHtml, locale: article.locale.toLowerCase() })),
    );
  }

  @Get('articles')
  async listArticles(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: ArticleQueryDto) {
    return pageResponse(await this.knowledgeBase.listArticles(organizationId, articleFilter(query), pageRequest(query)));
  }

  @Get('articles/:articleId')
  getArticle(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('articleId', ParseUUIDPipe) articleId: string) {
    return this.knowledgeBase.getArticle(organizationId, articleId);
  }

  // 409 for an article synced from the Help Center: it is removed in Zendesk Guide, not here.
  @Delete('articles/:articleId')
  @HttpCode(204)
  deleteArticle(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('articleId', ParseUUIDPipe) articleId: string) {
    return this.knowledgeBase.deleteArticle(organizationId, articleId);
  }
}

export const articleFilter = (query: ArticleQueryDto): ArticleFilter => ({ locale: query.locale?.toLowerCase(), source: query.source });
