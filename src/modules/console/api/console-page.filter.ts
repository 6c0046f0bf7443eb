import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { FastifyReply as Response } from 'fastify';
import { httpStatusByErrorCode } from '../../../http-status-by-error-code';
import { DomainError } from '../../../shared/errors/domain.error';
import { sendPage } from '../../../shared/web/page-forms';
import { OrganizationErrorCode } from '../../organizations/domain/organization';
import { clearSessionCookie } from './console-session';
import { renderConsoleProblem } from './console-layout.view';

// An admin in a browser: no session sends them to the sign-in form, anything else is a readable page with the
// right status, never a stack trace or problem+json.
@Catch()
export class ConsolePageFilter implements ExceptionFilter {
  private readonly logger = new Logger(ConsolePageFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError && error.code === OrganizationErrorCode.Unauthenticated) {
      clearSessionCookie(response);
      response.header('Cache-Control', 'no-store').redirect('/console', HttpStatus.SEE_OTHER);
      return;
    }
    const { status, title, detail } = describe(error);
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    sendPage(response, status, renderConsoleProblem(title, detail));
  }
}

function describe(error: unknown): { status: number; title: string; detail: string } {
  if (error instanceof DomainError) {
    const status = httpStatusByErrorCode[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    if (status === HttpStatus.NOT_FOUND) return { status, title: 'Not found', detail: 'There is no such organization, or it is not yours to see.' };
    if (status === HttpStatus.FORBIDDEN) return { status, title: 'Not for this key', detail: 'Only the operator may do this.' };
    return { status, title: 'This could not be done', detail: error.message };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    return { status, title: status === HttpStatus.NOT_FOUND ? 'This page does not exist' : 'This request could not be handled', detail: 'Check the address, or start again from the console.' };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, title: 'Something went wrong', detail: 'Nothing was changed. Try again in a minute.' };
}
