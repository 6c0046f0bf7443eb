import { HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import { sendPage } from '../../../shared/web/page-forms';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { AdminPrincipal, mayAccess } from '../../organizations/domain/admin-principal';
import { Organization, OrganizationError, OrganizationErrorCode } from '../../organizations/domain/organization';
import { Notice, renderConsoleProblem } from './console-layout.view';

// What every console screen of one organization does alike: who may see it, how a post ends, a stale form.

// Another organization's key learns nothing, not even that the organization exists.
export async function consoleOrganization(organizations: OrganizationsService, principal: AdminPrincipal, id: string): Promise<Organization> {
  if (!mayAccess(principal, id)) throw new OrganizationError(OrganizationErrorCode.NotFound, `Organization ${id} not found`);
  return organizations.get(id);
}

// Post/redirect/get: the page reloaded afterwards never posts again.
export function redirectAfterPost(res: Response, to: string): void {
  res.setHeader('Cache-Control', 'no-store').redirect(HttpStatus.SEE_OTHER, to);
}

export function sendExpiredForm(res: Response): void {
  sendPage(res, HttpStatus.FORBIDDEN, renderConsoleProblem('This form expired', 'Nothing was saved: the form did not come from this page, or it was open too long. Go back, reload the page and try again.'));
}

// The notice a redirect asked for (`?done=…`), if it is one the page knows.
export const noticeFrom = (done: unknown, notices: Record<string, Notice>): Notice | undefined =>
  typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done] : undefined;
