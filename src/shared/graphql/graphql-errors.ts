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
};

export function toGraphQLError(problem: ProblemDetails): GraphQLError {
  return new GraphQLError(problem.detail, {
    extensions: {
      code: GRAPHQL_CODES[problem.status] ?? (problem.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'),
      status: problem.status,
      ...(problem.code ? { reason: problem.code } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
    },
  });
}
