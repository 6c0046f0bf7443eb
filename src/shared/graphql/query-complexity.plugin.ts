import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

// A field costs 1 unless it says otherwise; a list field declares `complexity` as its page size times its
// children's cost, so one query cannot ask for every decision of every organization.
export const MAX_QUERY_COMPLEXITY = 2000;

@Plugin()
export class QueryComplexityPlugin implements ApolloServerPlugin {
  constructor(private readonly schemaHost: GraphQLSchemaHost) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const { schema } = this.schemaHost;
    return {
      async didResolveOperation({ request, document, operation }) {
        // No operation by that name: Apollo answers 400 for it, and getComplexity would throw on it (a 500).
        if (!operation) return;
        const complexity = getComplexity({
          schema,
          operationName: request.operationName,
          query: document,
          variables: request.variables,
          estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        });
        if (complexity > MAX_QUERY_COMPLEXITY) {
          throw new GraphQLError(`The query is too complex (${complexity}; at most ${MAX_QUERY_COMPLEXITY})`, {
            extensions: { code: 'QUERY_TOO_COMPLEX', status: 400, http: { status: 400 } },
          });
        }
      },
    };
  }
}
