import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '../../organizations/api/admin-auth.guard';
import { TopicTesterService } from '../application/topic-tester.service';
import { TopicsService } from '../application/topics.service';
import { ClassifyTicketDto, CreateTopicDto, TestTopicDto, topicDraft, UpdateTopicDto } from './topic.dto';

@ApiTags('topics')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/topics')
export class TopicsController {
  constructor(
    private readonly topics: TopicsService,
    private readonly tester: TopicTesterService,
  ) {}

  @Post()
  create(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Body() body: CreateTopicDto) {
    return this.topics.create(organizationId, topicDraft(body));
  }

  // What a draft topic would catch among the stored questions, before it goes live; writes nothing.
  @Post('test')
  @HttpCode(200)
  test(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Body() body: TestTopicDto) {
    return this.tester.test(organizationId, topicDraft(body.topic), body.sinceDays ?? undefined);
  }

  @Post('classify')
  @HttpCode(200)
  classify(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Body() body: ClassifyTicketDto) {
    return this.topics.tryClassification(organizationId, { text: body.text, tags: body.tags ?? [] });
  }

  @Get()
  list(@Param('organizationId', ParseUUIDPipe) organizationId: string) {
    return this.topics.list(organizationId);
  }

  @Get(':topicId')
  get(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('topicId', ParseUUIDPipe) topicId: string) {
    return this.topics.get(organizationId, topicId);
  }

  @Patch(':topicId')
  update(
    @Param('organizationId', ParseUUIDPipe) organizationId: string,
    @Param('topicId', ParseUUIDPipe) topicId: string,
    @Body() body: UpdateTopicDto,
  ) {
    return this.topics.update(organizationId, topicId, body);
  }

  @Delete(':topicId')
  @HttpCode(204)
  delete(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('topicId', ParseUUIDPipe) topicId: string) {
    return this.topics.delete(organizationId, topicId);
  }
}
