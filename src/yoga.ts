import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { type Context, createContext } from './context.ts';
import { useCost } from './plugins/use-cost.ts';
import { useIdempotency } from './plugins/use-idempotency.ts';
import { type LimitsOptions, useLimits } from './plugins/use-limits.ts';
import { createLogger, useLogging, yogaLoggerOf } from './plugins/use-logging.ts';
import { type GatewayMetrics, useMetrics } from './plugins/use-metrics.ts';
import { useReadiness } from './plugins/use-readiness.ts';
import { useTelemetry } from './plugins/use-telemetry.ts';
import { type TrustedDocuments, useTrustedDocuments } from './plugins/use-trusted-documents.ts';
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
  /** One line per GraphQL request (see `useLogging`). Default: silent. */
  readonly logger?: Logger;
  /**
   * OpenTelemetry spans for operations and resolvers (`useTelemetry`). Default false: set it when
   * an SDK is exporting (`startTelemetry`), so a gateway that exports nothing wraps no resolver.
   */
  readonly tracing?: boolean;
  /** Prometheus registry served at `/metrics`; without it there is no `/metrics`. */
  readonly metrics?: GatewayMetrics;
  /** Longest upstream check behind `/readiness` (default 2 000 ms). */
  readonly readinessTimeoutMs?: number;
  /** Refuse operations predicted to cost more upstream requests (`useCost`). Default: no limit. */
  readonly maxQueryCost?: number;
  /** Query-bomb limits, introspection, field suggestions (`useLimits`). Default: `DEFAULT_LIMITS`. */
  readonly limits?: Partial<LimitsOptions>;
  /** When given, only these documents run (`useTrustedDocuments`). */
  readonly trustedDocuments?: TrustedDocuments;
}

/** The whole gateway as a fetch handler; `server.ts` only listens. Tests call `yoga.fetch`. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const planning = options.planning ?? true;
  const logger = options.logger ?? createLogger('silent');
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: (initial) => createContext(initial, { upstream: options.upstream, planning }),
    maskedErrors: { maskError },
    logging: yogaLoggerOf(logger),
    plugins: [
      useLogging({ logger }),
      ...(options.tracing ? [useTelemetry()] : []),
      ...(options.metrics ? [useMetrics({ metrics: options.metrics })] : []),
      useReadiness({
        ping: () => options.upstream.ping(),
        ...(options.readinessTimeoutMs ? { timeoutMs: options.readinessTimeoutMs } : {}),
      }),
      ...(options.trustedDocuments
        ? [useTrustedDocuments({ documents: options.trustedDocuments })]
        : []),
      useLimits(options.limits),
      useCost({ maxCost: options.maxQueryCost }),
      useIdempotency(),
    ],
    renderGraphiQL,
    graphiql: {
      title: 'customers-gateway',
      defaultQuery: EXAMPLE_QUERY,
      // The Authorization header is forwarded to Commerce Layer; empty means the gateway's token.
      headers: JSON.stringify({ Authorization: '' }, null, 2),
      defaultEditorToolsVisibility: 'headers',
    },
    landingPage: false,
    // yoga's defaults, kept on purpose and measured (bench/): parsed and validated documents are
    // cached per query text; batched requests are refused. graphql-jit (@envelop/graphql-jit
    // 11.2.1) did not measurably help on CustomersPage and is not used.
    parserAndValidationCache: true,
    batching: false,
  });
}
