import { HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import { sendPage } from '../../../shared/web/page-forms';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { AdminPrincipal, mayAccess } from '../../organizations/domain/admin-principal';
import { Organization, OrganizationError, OrganizationErrorCode } from '../../organizations/domain/organization';
import { Notice, renderConsoleProblem } from './console-layout.view';

// What every console screen about one organization does the same way.

// Another organization's key learns nothing, not even that the organization exists.
export async function consoleOrganizationFor(organizations: OrganizationsService, principal: AdminPrincipal, id: string): Promise<Organization> {
  if (!mayAccess(principal, id)) throw new OrganizationError(OrganizationErrorCode.NotFound, `Organization ${id} not found`);
  return organizations.get(id);
}

export function sendExpiredForm(res: Response): void {
  sendPage(res, HttpStatus.FORBIDDEN, renderConsoleProblem('This form expired', 'Nothing was saved: the form did not come from this page, or it was open too long. Go back, reload the page and try again.'));
}

// Post/redirect/get: what was done travels as `?done=…`, one of the screen's known notices.
export function redirectAfterPost(res: Response, to: string): void {
  res.setHeader('Cache-Control', 'no-store').redirect(HttpStatus.SEE_OTHER, to);
}

export const doneNotice = (texts: Record<string, string>, done: unknown): Notice | undefined =>
  typeof done === 'string' && Object.hasOwn(texts, done) ? { kind: 'ok', text: texts[done] } : undefined;
