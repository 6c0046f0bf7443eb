import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GqlContextType } from '@nestjs/graphql';
import { FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';
import { isConnectionLost } from '../database/connection-lost';
import { DomainError } from '../errors/domain.error';
import { toGraphQLError } from '../graphql/graphql-errors';
import { FieldError } from './validation';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
}

// A database away (failover, restart) is a 503 with Retry-After: Zendesk delivers a webhook again on it, as a
// client would any request, where a 500 would be given up.
const DATABASE_RETRY_AFTER_SECONDS = 5;

// One place that turns every error into RFC 9457 problem+json. Module errors map through their code.
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly statusByCode: Record<string, HttpStatus>) {}

  // GraphQL resolvers get the same problem back as a GraphQLError, which Apollo puts in the response's `errors`.
  catch(error: unknown, host: ArgumentsHost): GraphQLError | void {
    const problem = this.toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (host.getType<GqlContextType>() === 'graphql') return toGraphQLError(problem);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE) reply.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    sendProblem(reply, problem);
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof DomainError) {
      const status = this.statusByCode[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      return problem(status, error.message, error.code);
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const { message, errors } = typeof body === 'string' ? { message: body, errors: undefined } : (body as { message?: unknown; errors?: FieldError[] });
      // The validation pipe (and the cursor check) report each field: `{ field: 'zendesk.baseUrl', message }`.
      if (Array.isArray(errors)) return { ...problem(error.getStatus(), String(message)), errors };
      return problem(error.getStatus(), String(message ?? error.message));
    }
    // Body errors (malformed JSON, body too large: bounded-body.ts, Fastify's own) carry an HTTP status of their own.
    const status = (error as { status?: number })?.status ?? (error as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return problem(status, (error as Error).message);
    }
    if (isConnectionLost(error)) return problem(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unavailable; try again shortly');
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  reply.status(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

export function problem(status: number, detail: string, code?: string): ProblemDetails {
  const title = HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
  return { type: code ? `urn:opencx:error:${code}` : 'about:blank', title, status, detail, ...(code ? { code } : {}) };
}
