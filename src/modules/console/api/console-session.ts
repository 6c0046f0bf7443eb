import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { AdminPrincipal } from '../../organizations/domain/admin-principal';
import { OrganizationError, OrganizationErrorCode } from '../../organizations/domain/organization';
import { PageCsrf } from '../../../shared/web/page-csrf';
import { SESSION_HOURS } from '../domain/console-session';
import { ConsoleSessionsService } from '../application/console-sessions.service';

export const SESSION_COOKIE = 'ocx_console_session';

export type ConsoleRequest = Request & { consoleSession?: string; consolePrincipal?: AdminPrincipal };

// The session cookie: only the console's own pages send it back, never a script, never another site's form.
export function setSessionCookie(req: Request, res: Response, session: string, config: AppConfig): void {
  res.cookie(SESSION_COOKIE, session, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https' || config.publicBaseUrl.startsWith('https:'),
    path: '/console',
    // Seconds (@fastify/cookie), not Express's milliseconds.
    maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/console' });
}

// Every console page but the sign-in form: a live session, or the sign-in form again (console.filter.ts answers
// the 401 by clearing the cookie and sending the browser to /console).
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(private readonly sessions: ConsoleSessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = sessionCookieOf(req);
    const principal = session ? await this.sessions.principalOf(session) : null;
    if (!principal) throw new OrganizationError(OrganizationErrorCode.Unauthenticated, 'Sign in to the console');
    req.consoleSession = session;
    req.consolePrincipal = principal;
    return true;
  }
}

export const ConsolePrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): AdminPrincipal => context.switchToHttp().getRequest<ConsoleRequest>().consolePrincipal!,
);

export function sessionCookieOf(req: Request): string {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' ? value : '';
}

// The console's forms: each token bound to the session it was issued in ('' on the sign-in form).
@Injectable()
export class ConsoleCsrf extends PageCsrf {
  constructor(config: AppConfig) {
    super(config, {
      purpose: 'console-csrf',
      cookieName: 'ocx_console_csrf',
      path: '/console',
      sessionOf: (req) => (req as ConsoleRequest).consoleSession ?? '',
    });
  }
}
