import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { pageRequest, pageResponse } from '../../../../shared/http/pagination';
import { sendPage } from '../../../../shared/web/page-forms';
import { CreateTrainingAnswerDto, UpdateTrainingAnswerDto } from '../../../knowledge-base/api/training-answer.dto';
import { TrainingAnswersService } from '../../../knowledge-base/application/training-answers.service';
import { TrainingAnswer } from '../../../knowledge-base/domain/training-answer';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { actorOf, AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Organization } from '../../../organizations/domain/organization';
import { FormState } from '../organizations/organization-forms';
import { Notice } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, ConsoleListQuery, consoleOrganization, noticeFrom, redirectAfterPost, sendExpiredForm } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { knowledgeBase } from './knowledge-page.view';
import {
  readTrainingAnswerForm,
  renderTrainingAnswerDeleteConfirmation,
  renderTrainingAnswerForm,
  renderTrainingAnswers,
  TrainingAnswerFormValues,
} from './training-answers-page.view';

const ANSWERS_SHOWN = 50;
const NOTICES: Record<string, Notice> = {
  created: { kind: 'ok', text: 'The training answer is created: drafts use it from the next ticket.' },
  saved: { kind: 'ok', text: 'The training answer is saved: drafts use it from the next ticket.' },
  deleted: { kind: 'ok', text: 'The training answer is deleted.' },
};


// The console's training answers, over the admin API's TrainingAnswersService and DTOs
// (/admin/organizations/:id/training-answers): list, create, edit, delete after a confirmation.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/knowledge/training-answers')
export class ConsoleTrainingAnswersController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly trainingAnswers: TrainingAnswersService,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async list(@Param('organizationId', ConsoleId) id: string, @Query() query: ConsoleListQuery, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const { items, nextCursor } = pageResponse(await this.trainingAnswers.list(id, pageRequest(query, ANSWERS_SHOWN)));
    const session = { principal, csrfToken: this.csrf.issue(req, res) };
    sendPage(res, HttpStatus.OK, renderTrainingAnswers({ organization, answers: items, nextCursor, session, notice: noticeFrom(query.done, NOTICES) }));
  }

  @Get('new')
  async newAnswer(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    this.formPage(req, res, principal, organization, undefined, HttpStatus.OK, { values: { question: '', answer: '' }, problems: {} });
  }

  @Post()
  async create(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readTrainingAnswerForm(req.body, CreateTrainingAnswerDto);
    if (!('changes' in read)) return this.formPage(req, res, principal, organization, undefined, HttpStatus.BAD_REQUEST, read);
    await this.trainingAnswers.create(id, { ...read.changes, createdBy: actorOf(principal) });
    redirectAfterPost(res, `${knowledgeBase(id)}/training-answers?done=created`);
  }

  @Get(':answerId')
  async edit(@Param('organizationId', ConsoleId) id: string, @Param('answerId', ConsoleId) answerId: string, @Query('done') done: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const answer = await this.trainingAnswers.get(id, answerId);
    this.formPage(req, res, principal, organization, answer, HttpStatus.OK, { values: { question: answer.question, answer: answer.answer }, problems: {} }, noticeFrom(done, NOTICES));
  }

  @Post(':answerId')
  async update(@Param('organizationId', ConsoleId) id: string, @Param('answerId', ConsoleId) answerId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const answer = await this.trainingAnswers.get(id, answerId);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const read = await readTrainingAnswerForm(req.body, UpdateTrainingAnswerDto);
    if (!('changes' in read)) return this.formPage(req, res, principal, organization, answer, HttpStatus.BAD_REQUEST, read);
    await this.trainingAnswers.update(id, answer.id, read.changes);
    redirectAfterPost(res, `${knowledgeBase(id)}/training-answers/${answer.id}?done=saved`);
  }

  @Get(':answerId/delete')
  async confirmDelete(@Param('organizationId', ConsoleId) id: string, @Param('answerId', ConsoleId) answerId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const answer = await this.trainingAnswers.get(id, answerId);
    sendPage(res, HttpStatus.OK, renderTrainingAnswerDeleteConfirmation(organization, answer, { principal, csrfToken: this.csrf.issue(req, res) }));
  }

  @Post(':answerId/delete')
  async delete(@Param('organizationId', ConsoleId) id: string, @Param('answerId', ConsoleId) answerId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    await this.trainingAnswers.delete(id, answerId);
    redirectAfterPost(res, `${knowledgeBase(id)}/training-answers?done=deleted`);
  }

  private formPage(
    req: Request,
    res: Response,
    principal: AdminPrincipal,
    organization: Organization,
    answer: TrainingAnswer | undefined,
    status: number,
    form: FormState<TrainingAnswerFormValues>,
    notice?: Notice,
  ): void {
    sendPage(res, status, renderTrainingAnswerForm({ organization, answer, form, session: { principal, csrfToken: this.csrf.issue(req, res) }, notice }));
  }
}
