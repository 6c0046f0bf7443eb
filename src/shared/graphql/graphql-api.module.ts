import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import depthLimit from 'graphql-depth-limit';
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
      context: ({ req }: { req: unknown }) => ({ req }),
      validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    }),
  ],
  providers: [QueryComplexityPlugin],
})
export class GraphqlApiModule {}
