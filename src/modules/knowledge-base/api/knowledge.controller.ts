import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../../shared/http/admin-token.guard';
import { KnowledgeBaseService } from '../application/knowledge-base.service';
import { UpsertArticlesDto } from './knowledge.dto';

@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
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
}
