import { Controller, Get, HttpStatus, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { DomainError } from '../../../shared/errors/domain.error';
import { formFields, sendPage } from '../../../shared/web/page-forms';
import { AdminPrincipal } from '../../organizations/domain/admin-principal';
import { OrganizationErrorCode } from '../../organizations/domain/organization';
import { ConsoleSessionsService } from '../application/console-sessions.service';
import { ConsolePageFilter } from './console-page.filter';
import { clearSessionCookie, ConsoleCsrf, ConsoleRequest, ConsoleSessionGuard, sessionCookieOf, setSessionCookie } from './console-session';
import { renderConsoleProblem, renderSignIn } from './console-layout.view';

// Where a signed-in admin starts: the operator among all organizations, a key on its own organization.
export const landingOf = (principal: AdminPrincipal) =>
  principal.kind === 'operator' ? '/console/organizations' : `/console/organizations/${principal.organizationId}`;

// Signing in and out of the admin console. Every post carries its form's CSRF token, sign-in included.
@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly sessions: ConsoleSessionsService,
    private readonly csrf: ConsoleCsrf,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async start(@Req() req: ConsoleRequest, @Res() res: Response, @Query('signed-out') signedOut: unknown) {
    const session = sessionCookieOf(req);
    const principal = session ? await this.sessions.principalOf(session) : null;
    if (principal) return res.header('Cache-Control', 'no-store').redirect(landingOf(principal), HttpStatus.SEE_OTHER);
    if (session) clearSessionCookie(res);
    const notice = session
      ? { kind: 'error' as const, text: 'Your session has ended. Sign in again.' }
      : signedOut !== undefined ? { kind: 'ok' as const, text: 'You are signed out.' } : undefined;
    sendPage(res, HttpStatus.OK, renderSignIn(this.csrf.issue(req, res), notice));
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response) {
    const refuse = (status: number, text: string) => sendPage(res, status, renderSignIn(this.csrf.issue(req, res), { kind: 'error', text }));
    if (!this.csrf.isValid(req)) return refuse(HttpStatus.FORBIDDEN, 'This form expired or did not come from this page. Sign in again.');
    const token = formFields(req.body).token;
    try {
      const { principal, session } = await this.sessions.signIn(typeof token === 'string' ? token : '');
      setSessionCookie(req, res, session, this.config);
      res.header('Cache-Control', 'no-store').redirect(landingOf(principal), HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === OrganizationErrorCode.Unauthenticated)) throw error;
      refuse(HttpStatus.UNAUTHORIZED, 'That is not the operator token or a live organization API key. Check it and paste it again.');
    }
  }

  @Post('sign-out')
  @UseGuards(ConsoleSessionGuard)
  signOut(@Req() req: Request, @Res() res: Response) {
    if (!this.csrf.isValid(req)) return sendPage(res, HttpStatus.FORBIDDEN, renderConsoleProblem('This form expired', 'Nothing was done: you are still signed in. Go back, reload the page and sign out again.'));
    clearSessionCookie(res);
    res.header('Cache-Control', 'no-store').redirect('/console?signed-out', HttpStatus.SEE_OTHER);
  }
}
