import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { type Context, createContext } from './context.ts';
import { useIdempotency } from './plugins/use-idempotency.ts';
import { maskError } from './schema/errors.ts';
import { schema } from './schema/index.ts';
import type { Upstream } from './upstream/types.ts';

/** The query GraphiQL opens with. */
export const EXAMPLE_QUERY = `# Customers with their group, tags and address book: one upstream request.
query Customers {
  customers(first: 10, sortKey: CREATED_AT, reverse: true) {
    totalCount
    nodes {
      id
      email
      status
      customerGroup { name }
      tags { name }
      addresses(first: 3) { nodes { address { city countryCode } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export interface GatewayOptions {
  readonly upstream: Upstream;
  /** Compile selection sets into include/fields (default true). */
  readonly planning?: boolean;
  readonly graphqlEndpoint?: string;
}

/** The whole gateway as a fetch handler; `server.ts` only listens. Tests call `yoga.fetch`. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const planning = options.planning ?? true;
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: (initial) => createContext(initial, { upstream: options.upstream, planning }),
    maskedErrors: { maskError },
    plugins: [useIdempotency()],
    renderGraphiQL,
    graphiql: {
      title: 'customers-gateway',
      defaultQuery: EXAMPLE_QUERY,
      headers: JSON.stringify({}),
    },
    landingPage: false,
  });
}
