import { Response } from 'express';
import { GraphQLError } from 'graphql';
import { ProblemDetails } from '../http/problem-details.filter';

// GraphQL answers 200 with `errors`: each carries the same facts as the REST problem+json (status, code,
// per-field errors) in its extensions, under GraphQL's conventional codes.
const GRAPHQL_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
};

export function toGraphQLError(problem: ProblemDetails): GraphQLError {
  return new GraphQLError(problem.detail, {
    extensions: {
      code: codeOf(problem.status),
      status: problem.status,
      ...(problem.code ? { reason: problem.code } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
    },
  });
}

// A request refused before Apollo sees it, answered in the shape Apollo would have used.
export function sendGraphQLError(res: Response, status: number, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code: codeOf(status), status } }] });
}

function codeOf(status: number): string {
  return GRAPHQL_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}
