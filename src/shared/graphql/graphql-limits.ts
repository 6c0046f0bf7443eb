import { PayloadTooLargeException } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { ASTVisitor, GraphQLError, ValidationContext, ValidationRule } from 'graphql';

// What one GraphQL request may be, checked from the cheapest to the dearest, each before the next step runs:
// the declared length (nothing read), the admin token (admin-authentication.hook.ts), the JSON body
// (bounded-body.ts), the query and variables sizes, the parser's token count, then validation. What is refused
// before Apollo answers problem+json, as the REST API does; what Apollo refuses, GraphQL errors.
export const GRAPHQL_BODY_LIMIT = '256kb';
export const GRAPHQL_BODY_LIMIT_BYTES = 256 * 1024;
export const MAX_QUERY_BYTES = 100 * 1024;
export const MAX_VARIABLES_BYTES = 100 * 1024;
// graphql-js parses in linear time but validates overlapping fields in quadratic time: 1,000 tokens keep the worst
// document measured (250 repeated `b { c }`) under 80 ms of validation; introspection takes 183.
export const MAX_QUERY_TOKENS = 1000;
// Fields and fragment spreads with every fragment expanded (Apollo's maxRecursiveSelections): a few fragments
// spreading each other twice would otherwise ask for millions. Checked before the depth limit, which expands them.
export const MAX_SELECTIONS = 1000;
// Each alias is another call of a resolver, often a query to the database.
export const MAX_ALIASES = 50;

// Before anything is read: a body declared larger than the limit is refused, whoever sends it.
export function refuseOversizedGraphQLBody(headers: IncomingHttpHeaders): void {
  if (Number(headers['content-length']) > GRAPHQL_BODY_LIMIT_BYTES) {
    throw new PayloadTooLargeException(`The request body is larger than ${GRAPHQL_BODY_LIMIT}`);
  }
}

// After the JSON body is parsed, before Apollo parses the query.
export function refuseOversizedOperation(body: unknown): void {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof query === 'string' && Buffer.byteLength(query) > MAX_QUERY_BYTES) {
    throw new PayloadTooLargeException(`The query is larger than ${MAX_QUERY_BYTES / 1024} KB`);
  }
  if (variables !== undefined && Buffer.byteLength(JSON.stringify(variables)) > MAX_VARIABLES_BYTES) {
    throw new PayloadTooLargeException(`The variables are larger than ${MAX_VARIABLES_BYTES / 1024} KB`);
  }
}

// Aliases in the document, fragments counted once (their expansion is MAX_SELECTIONS' business).
export function maxAliasesRule(limit: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === limit + 1) {
          context.reportError(new GraphQLError(`The query has more than ${limit} aliases`, { nodes: node }));
        }
      },
    };
  };
}

// PostgreSQL stores no NUL in text: a `\u0000` in a string literal would fail the statement it reaches (variables
// are JSON, refused with a NUL by bounded-body.ts).
export function noNulInStringsRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (node.value.includes('\u0000')) context.reportError(new GraphQLError('A string holds a NUL character (\\u0000)', { nodes: node }));
    },
  };
}
