import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { DomainError } from '../../../../shared/errors/domain.error';
import { sendPage } from '../../../../shared/web/page-forms';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { AdminPrincipal, mayAccess } from '../../../organizations/domain/admin-principal';
import { Organization, OrganizationError, OrganizationErrorCode } from '../../../organizations/domain/organization';
import { DEFAULT_TEST_DAYS, TopicTesterService } from '../../../topics/application/topic-tester.service';
import { TopicMatchCounts } from '../../../topics/application/ports/topic-match-counts';
import { TopicsService } from '../../../topics/application/topics.service';
import { TopicDetails, TopicErrorCode } from '../../../topics/domain/topic';
import { FormState } from '../organizations/organization-forms';
import { Notice, renderConsoleProblem } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
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

// An id that is not a UUID names nothing: the same 404 as an unknown one.
const Id = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

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
  async list(@Param('organizationId', Id) id: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await this.organizationFor(principal, id);
    await this.listPage(req, res, principal, organization, HttpStatus.OK, { notice: noticeOf(done) });
  }

  @Post('try')
  async try(@Param('organizationId', Id) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await this.organizationFor(principal, id);
    if (!this.csrf.isValid(req)) return this.expired(res);
    const read = await readTryForm(req.body);
    if (!('ticket' in read)) return this.listPage(req, res, principal, organization, HttpStatus.BAD_REQUEST, { tried: { form: read } });
    const matches = await this.topics.tryClassification(id, read.ticket);
    await this.listPage(req, res, principal, organization, HttpStatus.OK, { tried: { form: { values: read.values, problems: {} }, matches } });
  }

  @Get('new')
  async newTopic(@Param('organizationId', Id) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await this.organizationFor(principal, id);
    this.formPage(req, res, principal, organization, undefined, HttpStatus.OK, { values: topicFormValues(), problems: {} });
  }

  @Post()
  async create(@Param('organizationId', Id) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    return this.save(id, undefined, principal, req, res);
  }

  @Get(':topicId')
  async edit(@Param('organizationId', Id) id: string, @Param('topicId', Id) topicId: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await this.organizationFor(principal, id);
    const topic = await this.topics.get(id, topicId);
    this.formPage(req, res, principal, organization, topic, HttpStatus.OK, { values: topicFormValues(topic), problems: {} }, undefined, noticeOf(done));
  }

  @Post(':topicId')
  async update(@Param('organizationId', Id) id: string, @Param('topicId', Id) topicId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    return this.save(id, topicId, principal, req, res);
  }

  @Get(':topicId/delete')
  async confirmDelete(@Param('organizationId', Id) id: string, @Param('topicId', Id) topicId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await this.organizationFor(principal, id);
    const topic = await this.topics.get(id, topicId);
    sendPage(res, HttpStatus.OK, renderTopicDeleteConfirmation(organization, topic, { principal, csrfToken: this.csrf.issue(req, res) }));
  }

  @Post(':topicId/delete')
  async delete(@Param('organizationId', Id) id: string, @Param('topicId', Id) topicId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await this.organizationFor(principal, id);
    if (!this.csrf.isValid(req)) return this.expired(res);
    await this.topics.delete(id, topicId);
    redirect(res, `/console/organizations/${id}/topics?done=deleted`);
  }

  // Create (no topicId) or edit; `intent=test` runs the topic tester on the draft instead, saving nothing.
  private async save(id: string, topicId: string | undefined, principal: AdminPrincipal, req: Request, res: Response): Promise<void> {
    const organization = await this.organizationFor(principal, id);
    const topic = topicId === undefined ? undefined : await this.topics.get(id, topicId);
    if (!this.csrf.isValid(req)) return this.expired(res);
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
        return redirect(res, `/console/organizations/${id}/topics/${topic.id}?done=saved`);
      }
      await this.topics.create(id, read.draft);
      redirect(res, `/console/organizations/${id}/topics?done=created`);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === TopicErrorCode.DuplicateName)) throw error;
      this.formPage(req, res, principal, organization, topic, HttpStatus.BAD_REQUEST, { values: read.values, problems: { name: [error.message] } });
    }
  }

  // Another organization's key learns nothing, not even that the organization exists.
  private async organizationFor(principal: AdminPrincipal, id: string): Promise<Organization> {
    if (!mayAccess(principal, id)) throw new OrganizationError(OrganizationErrorCode.NotFound, `Organization ${id} not found`);
    return this.organizations.get(id);
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

  private expired(res: Response): void {
    sendPage(res, HttpStatus.FORBIDDEN, renderConsoleProblem('This form expired', 'Nothing was saved: the form did not come from this page, or it was open too long. Go back, reload the page and try again.'));
  }
}

const noticeOf = (done: unknown): Notice | undefined => (typeof done === 'string' && DONE[done] ? { kind: 'ok', text: DONE[done] } : undefined);

function redirect(res: Response, to: string): void {
  res.setHeader('Cache-Control', 'no-store').redirect(HttpStatus.SEE_OTHER, to);
}
