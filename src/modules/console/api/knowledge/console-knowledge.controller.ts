import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { sendPage } from '../../../../shared/web/page-forms';
import { KnowledgeBaseService } from '../../../knowledge-base/application/knowledge-base.service';
import { SyncRunsService } from '../../../knowledge-base/application/sync-runs.service';
import { TrainingAnswersService } from '../../../knowledge-base/application/training-answers.service';
import { SolvedTicketsService } from '../../../knowledge-base/application/solved-tickets.service';
import { SyncRun } from '../../../knowledge-base/domain/sync-run';
import { OrganizationsService } from '../../../organizations/application/organizations.service';
import { AdminPrincipal } from '../../../organizations/domain/admin-principal';
import { Notice } from '../console-layout.view';
import { ConsolePageFilter } from '../console-page.filter';
import { ConsoleId, consoleOrganization, noticeFrom, redirectAfterPost, sendExpiredForm } from '../console-pages';
import { ConsoleCsrf, ConsolePrincipal, ConsoleSessionGuard } from '../console-session';
import { knowledgeBase, renderKnowledge, renderSyncRun, syncProgress } from './knowledge-page.view';

const RUNS_SHOWN = 10;
const NOTICES: Record<string, Notice> = {
  started: { kind: 'ok', text: 'Sync started.' },
  queued: { kind: 'ok', text: 'A sync is running already: yours is queued and starts as soon as it ends.' },
  waiting: { kind: 'error', text: 'Not queued: a sync is already waiting to start after the one running. It will pick up every change; no second one is needed.' },
};

const isActive = (run: SyncRun) => run.status === 'queued' || run.status === 'running';

// The console's Knowledge screen: article counts, the Help Center syncs (SyncRunsService, as
// POST/GET /admin/organizations/:id/help-center/sync) and a sync's live progress as JSON for sync-progress.js.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@UseGuards(ConsoleSessionGuard)
@Controller('console/organizations/:organizationId/knowledge')
export class ConsoleKnowledgeController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly trainingAnswers: TrainingAnswersService,
    private readonly solvedTickets: SolvedTicketsService,
    private readonly runs: SyncRunsService,
    private readonly csrf: ConsoleCsrf,
  ) {}

  @Get()
  async show(@Param('organizationId', ConsoleId) id: string, @Query('done') done: unknown, @Query('run') asked: unknown, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const runs = (await this.runs.list(id, { limit: RUNS_SHOWN })).items;
    // The run just asked for (`?run=`, after "Sync now"), else the one running (the oldest active), else none.
    const watched = runs.find((run) => run.id === asked) ?? runs.filter(isActive).at(-1) ?? null;
    const [counts, trainingAnswers, solvedTickets] = await Promise.all([
      this.knowledgeBase.countArticles(id),
      this.trainingAnswers.count(id),
      this.solvedTickets.summary(id),
    ]);
    const session = { principal, csrfToken: this.csrf.issue(req, res) };
    sendPage(res, HttpStatus.OK, renderKnowledge({ organization, counts, trainingAnswers, solvedTickets, runs, watched, session, notice: noticeFrom(done, NOTICES) }));
  }

  // The same call as the admin API's: the queue keeps one sync running and one waiting per organization, and
  // hands back the waiting one instead of a second. The admin is told which of the three happened.
  @Post('sync')
  async sync(@Param('organizationId', ConsoleId) id: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    if (!this.csrf.isValid(req)) return sendExpiredForm(res);
    const before = (await this.runs.list(id, { limit: RUNS_SHOWN })).items.filter(isActive);
    const run = await this.runs.request(id, 'console');
    const done = before.some((active) => active.id === run.id) ? 'waiting' : before.length > 0 ? 'queued' : 'started';
    redirectAfterPost(res, `${knowledgeBase(id)}?done=${done}&run=${run.id}`);
  }

  @Get('syncs/:runId')
  async syncRun(@Param('organizationId', ConsoleId) id: string, @Param('runId', ConsoleId) runId: string, @ConsolePrincipal() principal: AdminPrincipal, @Req() req: Request, @Res() res: Response) {
    const organization = await consoleOrganization(this.organizations, principal, id);
    const run = await this.runs.get(id, runId);
    sendPage(res, HttpStatus.OK, renderSyncRun(organization, run, { principal, csrfToken: this.csrf.issue(req, res) }));
  }

  // Polled by sync-progress.js with the session cookie; the line is the page's own, so both read alike.
  @Get('syncs/:runId/progress')
  async progress(@Param('organizationId', ConsoleId) id: string, @Param('runId', ConsoleId) runId: string, @ConsolePrincipal() principal: AdminPrincipal, @Res() res: Response) {
    await consoleOrganization(this.organizations, principal, id);
    const run = await this.runs.get(id, runId);
    res.header('Cache-Control', 'no-store').send({
      id: run.id,
      status: run.status,
      mode: run.mode,
      pages: run.pages,
      counts: run.counts,
      badArticles: run.problems.length,
      error: run.error,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      ...syncProgress(run),
    });
  }
}
