import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import depthLimit from 'graphql-depth-limit';
import { MAX_ALIASES, MAX_QUERY_TOKENS, MAX_SELECTIONS, maxAliasesRule, noNulInStringsRule } from './graphql-limits';
import { QueryComplexityPlugin } from './query-complexity.plugin';

// Deep enough for organization → topics → decisions → sources, not for cycles used as a denial of service.
export const MAX_QUERY_DEPTH = 6;

// The admin GraphQL API at /graphql, code first: each module declares its types and resolvers in its api/
// folder, over the same application services as its REST controllers.
@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      playground: false,
      // Errors carry codes and field errors (see graphql-errors.ts), never a stack trace.
      includeStacktraceInErrorResponses: false,
      // Fastify's Apollo integration hands the request itself to the context.
      context: (request: unknown) => ({ req: request }),
      // Bounds before cost: the parser stops at MAX_QUERY_TOKENS, the selection count runs with graphql-js's own
      // rules, and these run only once it passed (see graphql-limits.ts).
      parseOptions: { maxTokens: MAX_QUERY_TOKENS },
      maxRecursiveSelections: MAX_SELECTIONS,
      validationRules: [depthLimit(MAX_QUERY_DEPTH), maxAliasesRule(MAX_ALIASES), noNulInStringsRule],
    }),
  ],
  providers: [QueryComplexityPlugin],
})
export class GraphqlApiModule {}
