import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { FastifyReply as Response } from 'fastify';
import { httpStatusByErrorCode } from '../../../http-status-by-error-code';
import { DomainError } from '../../../shared/errors/domain.error';
import { sendPage } from '../../../shared/web/page-forms';
import { TrainingErrorCode } from '../../assist/domain/training.error';
import { renderTrainingProblem } from './training-page.view';

const TITLES: Partial<Record<string, string>> = {
  [TrainingErrorCode.LinkExpired]: 'This training link has expired',
  [TrainingErrorCode.LinkInvalid]: 'This training link is not valid',
  [TrainingErrorCode.SuggestionNotFound]: 'This suggestion no longer exists',
};

// A rep opened a link in a browser: every failure is a readable page with the right status, never a stack trace
// or problem+json.
@Catch()
export class TrainingPageFilter implements ExceptionFilter {
  private readonly logger = new Logger(TrainingPageFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, title, detail } = describe(error);
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    // As the page itself: the link's token is in the address, and nothing about it belongs in a cache.
    sendPage(response, status, renderTrainingProblem(title, detail));
  }
}

function describe(error: unknown): { status: number; title: string; detail: string } {
  if (error instanceof DomainError) {
    return { status: httpStatusByErrorCode[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR, title: TITLES[error.code] ?? 'This could not be done', detail: error.message };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    return { status: error.getStatus(), title: 'This page does not exist', detail: 'Check the address: it should be the training link from an Assist note.' };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, title: 'Something went wrong', detail: 'Nothing was changed. Try again in a minute.' };
}
