import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { httpStatusByErrorCode } from '../../../http-status-by-error-code';
import { DomainError } from '../../../shared/errors/domain.error';
import { ExternalServiceError } from '../../../shared/errors/external-service.error';
import { TrainingActionsService } from '../application/training-actions.service';
import { TrainingPageService } from '../application/training-page.service';
import { TrainingAction } from '../../assist/domain/training-action';
import { TrainingErrorCode } from '../../assist/domain/training.error';
import { readForm, sendPage } from '../../../shared/web/page-forms';
import { AnswerForm, ArticleForm, RatingForm, TopicForm } from './training-forms';
import { TrainingCsrf } from './training-csrf';
import { DONE_MESSAGES, renderTrainingPage, TrainingForm } from './training-page.view';
import { TrainingPageFilter } from './training-page.filter';

// Errors that leave the page usable: it comes back with the rep's text and says what went wrong.
const LINK_ERRORS: string[] = [TrainingErrorCode.LinkExpired, TrainingErrorCode.LinkInvalid, TrainingErrorCode.SuggestionNotFound];

// The page behind the link in every note: the signed link is the rep's only credential. Each form posts here,
// then redirects back to the page (post/redirect/get), so a reload never repeats an action.
@ApiExcludeController()
@UseFilters(TrainingPageFilter)
@Controller('training/:suggestionId')
export class TrainingController {
  constructor(
    private readonly pages: TrainingPageService,
    private readonly training: TrainingActionsService,
    private readonly csrf: TrainingCsrf,
  ) {}

  @Get()
  async show(@Param('suggestionId') id: string, @Query('token') token: unknown, @Query('done') done: unknown, @Req() req: Request, @Res() res: Response) {
    const linkToken = String(token ?? '');
    const view = await this.pages.open(id, linkToken);
    const notice = typeof done === 'string' && DONE_MESSAGES[done] ? { kind: 'ok' as const, text: DONE_MESSAGES[done] } : undefined;
    sendPage(res, HttpStatus.OK, renderTrainingPage(view, { token: linkToken, csrfToken: this.csrf.issue(req, res), notice }));
  }

  @Post('rating')
  rate(@Req() req: Request, @Res() res: Response) {
    return this.submit(req, res, 'rating', RatingForm, (id, token, form) => this.training.rate(id, token, form.rating, form.comment ?? ''));
  }

  @Post('answer')
  correctAnswer(@Req() req: Request, @Res() res: Response) {
    return this.submit(req, res, 'answer', AnswerForm, (id, token, form) => this.training.correctAnswer(id, token, form));
  }

  @Post('article')
  fixArticle(@Req() req: Request, @Res() res: Response) {
    return this.submit(req, res, 'article', ArticleForm, (id, token, form) =>
      this.training.fixArticle(id, token, { articleId: form.articleId, title: form.title, bodyHtml: form.body }),
    );
  }

  @Post('topic')
  fixTopic(@Req() req: Request, @Res() res: Response) {
    return this.submit(req, res, 'topic', TopicForm, (id, token, form) => this.training.fixTopic(id, token, form.fix, form.topicId));
  }

  private async submit<T extends object>(
    req: Request,
    res: Response,
    formName: TrainingForm,
    Form: new () => T,
    perform: (suggestionId: string, token: string, form: T) => Promise<TrainingAction>,
  ): Promise<void> {
    const id = String((req.params as { suggestionId: string }).suggestionId);
    const token = String((req.query as { token?: string }).token ?? '');
    const read = await readForm(Form, req.body);
    const refuse = async (status: number, text: string) => {
      const view = await this.pages.open(id, token);
      const state = { token, csrfToken: this.csrf.issue(req, res), notice: { kind: 'error' as const, text }, refused: { form: formName, values: read.values } };
      sendPage(res, status, renderTrainingPage(view, state));
    };
    if (!this.csrf.isValid(req)) {
      return refuse(HttpStatus.FORBIDDEN, 'This form did not come from this page, or the page was open too long. Nothing was saved: check your text below and send it again.');
    }
    if ('problems' in read) return refuse(HttpStatus.BAD_REQUEST, `Nothing was saved: ${read.problems.map((problem) => problem.message).join('; ')}.`);
    try {
      const done = await perform(id, token, read.form);
      res.redirect(`/training/${id}?token=${encodeURIComponent(token)}&done=${done.kind}`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (error instanceof DomainError && !LINK_ERRORS.includes(error.code)) {
        return refuse(httpStatusByErrorCode[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR, `Nothing was saved: ${error.message}`);
      }
      if (error instanceof ExternalServiceError) return refuse(HttpStatus.BAD_GATEWAY, `Nothing was saved: a service Assist relies on failed (${error.message}). Try again in a minute.`);
      throw error;
    }
  }
}
