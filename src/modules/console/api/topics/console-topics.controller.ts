import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { DomainError } from '../../../../shared/errors/domain.error';
import { sendPage } from '../../../../shared/web/page-forms';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { DEFAULT_TEST_DAYS, TopicTesterService } from '../../../topics/application/topic-tester.service';
import { TopicMatchCounts } from '../../../topics/application/ports/topic-match-counts';
import { TopicsService } from '../../../topics/application/topics.service';
import { TopicDetails, TopicErrorCode } from '../../../topics/domain/topic';
import { FormState } from '../organizations/organization-forms';
import { Notice } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, consoleOrganization, noticeFrom, redirectAfterPost, sendExpiredForm } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { readTopicForm, readTryForm, TopicFormValues, topicFormValues } from './topic-forms';
import { renderTopicDeleteConfirmation, renderTopicForm, renderTopics } from './topics-page.view';

const MATCHES_SINCE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const DONE: Record<string, string> = {
  created: 'The topic is created: it applies from the next ticket.',
  saved: 'The topic is saved: it applies from the next ticket.',
  deleted: 'The topic is deleted.',
};


// The console's Topics screen, over the admin API's TopicsService, TopicTesterService and DTOs. Every saving post
// redirects back (post/redirect/get); trying a ticket and testing a draft answer the page with the result, saving
// nothing.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/topics')
export class ConsoleTopicsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
    private readonly tester: TopicTesterService,
    private readonly matchCounts: TopicMatchCounts,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async list(@Param('organizationId', ConsoleId) id: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    await this.listPage(req, res, principal, organization, HttpStatus.OK, { notice: noticeFrom(done, DONE) });
  }

  @Post('try')
  async try(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readTryForm(req.body);
    if (!('ticket' in read)) return this.listPage(req, res, principal, organization, HttpStatus.BAD_REQUEST, { tried: { form: read } });
    const matches = await this.topics.tryClassification(id, read.ticket);
    await this.listPage(req, res, principal, organization, HttpStatus.OK, { tried: { form: { values: read.values, problems: {} }, matches } });
  }

  @Get('new')
  async newTopic(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    this.formPage(req, res, principal, organization, undefined, HttpStatus.OK, { values: topicFormValues(), problems: {} });
  }

  @Post()
  async create(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    return this.save(id, undefined, principal, req, res);
  }

  @Get(':topicId')
  async edit(@Param('organizationId', ConsoleId) id: string, @Param('topicId', ConsoleId) topicId: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const topic = await this.topics.get(id, topicId);
    this.formPage(req, res, principal, organization, topic, HttpStatus.OK, { values: topicFormValues(topic), problems: {} }, undefined, noticeFrom(done, DONE));
  }

  @Post(':topicId')
  async update(@Param('organizationId', ConsoleId) id: string, @Param('topicId', ConsoleId) topicId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    return this.save(id, topicId, principal, req, res);
  }

  @Get(':topicId/delete')
  async confirmDelete(@Param('organizationId', ConsoleId) id: string, @Param('topicId', ConsoleId) topicId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const topic = await this.topics.get(id, topicId);
    sendPage(res, HttpStatus.OK, renderTopicDeleteConfirmation(organization, topic, { principal, csrfToken: this.csrf.issue(req, res) }));
  }

  @Post(':topicId/delete')
  async delete(@Param('organizationId', ConsoleId) id: string, @Param('topicId', ConsoleId) topicId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    await this.topics.delete(id, topicId);
    redirectAfterPost(res, `/console/organizations/${id}/topics?done=deleted`);
  }

  // Create (no topicId) or edit; `intent=test` runs the topic tester on the draft instead, saving nothing.
  private async save(id: string, topicId: string | undefined, principal: AdminPrincipal, req: Request, res: Response): Promise<void> {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const topic = topicId === undefined ? undefined : await this.topics.get(id, topicId);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readTopicForm(req.body);
    if (!('draft' in read)) return this.formPage(req, res, principal, organization, topic, HttpStatus.BAD_REQUEST, read);
    try {
      if (read.intent === 'test') {
        const sinceDays = Math.min(DEFAULT_TEST_DAYS, organization.settings.questionRetentionDays);
        const report = await this.tester.test(id, { ...read.draft, id: topicId ?? null }, sinceDays);
        return this.formPage(req, res, principal, organization, topic, HttpStatus.OK, { values: read.values, problems: {} }, report);
      }
      if (topic) {
        await this.topics.update(id, topic.id, read.draft);
        return redirectAfterPost(res, `/console/organizations/${id}/topics/${topic.id}?done=saved`);
      }
      await this.topics.create(id, read.draft);
      redirectAfterPost(res, `/console/organizations/${id}/topics?done=created`);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === TopicErrorCode.DuplicateName)) throw error;
      this.formPage(req, res, principal, organization, topic, HttpStatus.BAD_REQUEST, { values: read.values, problems: { name: [error.message] } });
    }
  }

  private async listPage(req: Request, res: Response, principal: AdminPrincipal, organization: Organization, status: number, extra: { tried?: Parameters<typeof renderTopics>[0]['tried']; notice?: Notice }): Promise<void> {
    const topics = await this.topics.list(organization.id);
    const matches = await this.matchCounts.countSince(organization.id, new Date(Date.now() - MATCHES_SINCE_DAYS * DAY_MS));
    sendPage(res, status, renderTopics({ organization, topics, matches, session: { principal, csrfToken: this.csrf.issue(req, res) }, ...extra }));
  }

  private formPage(
    req: Request,
    res: Response,
    principal: AdminPrincipal,
    organization: Organization,
    topic: TopicDetails | undefined,
    status: number,
    form: FormState<TopicFormValues>,
    tested?: Parameters<typeof renderTopicForm>[0]['tested'],
    notice?: Notice,
  ): void {
    sendPage(res, status, renderTopicForm({ organization, topic, form, session: { principal, csrfToken: this.csrf.issue(req, res) }, tested, notice }));
  }

}


