import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { FastifyReply as Response } from 'fastify';
import { PageQueryDto } from '../../../shared/http/pagination';
import { html, SafeHtml } from '../../../shared/web/html';
import { sendPage } from '../../../shared/web/page-forms';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { AdminPrincipal, mayAccess } from '../../organizations/domain/admin-principal';
import { Organization, OrganizationError, OrganizationErrorCode } from '../../organizations/domain/organization';
import { consolePage, csrfField, Notice, renderConsoleProblem } from './console-layout.view';

// What every console screen of one organization does alike: who may see it, how a post ends, a stale form.

// An id that is not a UUID names nothing: the same 404 as an unknown one.
export const ConsoleId = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

// A list's page (the admin API's `limit` and `cursor`), and what was just done (after a redirect).
export class ConsoleListQuery extends PageQueryDto {
  @IsOptional()
  @IsString()
  done?: string;
}

// Another organization's key learns nothing, not even that the organization exists.
export async function consoleOrganization(organizations: OrganizationsService, principal: AdminPrincipal, id: string): Promise<Organization> {
  if (!mayAccess(principal, id)) throw new OrganizationError(OrganizationErrorCode.NotFound, `Organization ${id} not found`);
  return organizations.get(id);
}

// Post/redirect/get: the page reloaded afterwards never posts again.
export function redirectAfterPost(res: Response, to: string): void {
  res.header('Cache-Control', 'no-store').redirect(to, HttpStatus.SEE_OTHER);
}

export function sendExpiredForm(res: Response): void {
  sendPage(res, HttpStatus.FORBIDDEN, renderConsoleProblem('This form expired', 'Nothing was saved: the form did not come from this page, or it was open too long. Go back, reload the page and try again.'));
}

// The notice a redirect asked for (`?done=…`), if it is one the page knows; a bare text is good news.
export function noticeFrom(done: unknown, notices: Record<string, Notice | string>): Notice | undefined {
  if (typeof done !== 'string' || !Object.hasOwn(notices, done)) return undefined;
  const notice = notices[done];
  return typeof notice === 'string' ? { kind: 'ok', text: notice } : notice;
}

// A delete asked for by link: what goes, what follows, and the one button that posts it (or the way back).
export function renderDeleteConfirmation(
  page: { title: string; trail: SafeHtml; question: string; shown?: SafeHtml; consequence: string; action: string; button: string; cancel: string },
  session: { principal: AdminPrincipal; csrfToken: string },
): string {
  const body = html`${page.trail}
<section class="card narrow" aria-labelledby="delete-title">
<h1 id="delete-title">${page.question}</h1>
${page.shown}
<p>${page.consequence}</p>
<form method="post" action="${page.action}">
  ${csrfField(session.csrfToken)}
  <button type="submit" class="danger">${page.button}</button>
  <a href="${page.cancel}">Cancel</a>
</form>
</section>`;
  return consolePage(page.title, body, session);
}
