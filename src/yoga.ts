import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth/verify.ts';
import { type Context, createContext } from './context.ts';
import { type AnonymousPolicy, useAuth } from './plugins/use-auth.ts';
import { useCost } from './plugins/use-cost.ts';
import { useIdempotency } from './plugins/use-idempotency.ts';
import { useInputBounds } from './plugins/use-input-bounds.ts';
import { type LimitsOptions, useLimits } from './plugins/use-limits.ts';
import { createLogger, useLogging, yogaLoggerOf } from './plugins/use-logging.ts';
import { type GatewayMetrics, useMetrics } from './plugins/use-metrics.ts';
import { useReadiness } from './plugins/use-readiness.ts';
import { useTelemetry } from './plugins/use-telemetry.ts';
import { type TrustedDocuments, useTrustedDocuments } from './plugins/use-trusted-documents.ts';
import { type UseWebhooksOptions, useWebhooks } from './plugins/use-webhooks.ts';
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

export interface GatewayAuthOptions {
  /** Verifies callers' Commerce Layer access tokens (signature, expiry, organisation). */
  readonly verifier: TokenVerifier;
  /**
   * Requests without `Authorization`: refused (401), or run with the gateway's own credential
   * (the embedded emulator, or an explicit opt-in). See `useAuth`.
   */
  readonly anonymous: AnonymousPolicy;
}

export interface GatewayOptions {
  readonly upstream: Upstream;
  /** Who may call: required, so no gateway is ever built without authentication. */
  readonly auth: GatewayAuthOptions;
  /** Compile selection sets into include/fields (default true). */
  readonly planning?: boolean;
  readonly graphqlEndpoint?: string;
  /** One line per GraphQL request (see `useLogging`). Default: silent. */
  readonly logger?: Logger;
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
  /** Live updates: `POST /webhooks/commercelayer` publishes to subscriptions (`useWebhooks`). */
  readonly live?: Omit<UseWebhooksOptions, 'logger'>;
}

/** The whole gateway as a fetch handler; `server.ts` only listens. Tests call `yoga.fetch`. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const planning = options.planning ?? true;
  const logger = options.logger ?? createLogger('silent');
  const graphqlEndpoint = options.graphqlEndpoint ?? '/graphql';
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint,
    context: (initial) =>
      createContext(initial, {
        upstream: options.upstream,
        planning,
        ...(options.live ? { events: options.live.bus } : {}),
      }),
    maskedErrors: { maskError },
    logging: yogaLoggerOf(logger),
    plugins: [
      // Before useAuth: webhooks are authenticated by their signature, not a bearer token.
      ...(options.live ? [useWebhooks({ ...options.live, logger })] : []),
      useLogging({ logger }),
      useTelemetry(),
      ...(options.metrics ? [useMetrics({ metrics: options.metrics })] : []),
      useAuth({
        verifier: options.auth.verifier,
        anonymous: options.auth.anonymous,
        gatewayToken: () => options.upstream.gatewayToken(),
        logger,
        graphqlEndpoint,
      }),
      useReadiness({
        ping: () => options.upstream.ping(),
        ...(options.readinessTimeoutMs ? { timeoutMs: options.readinessTimeoutMs } : {}),
      }),
      ...(options.trustedDocuments
        ? [useTrustedDocuments({ documents: options.trustedDocuments })]
        : []),
      useLimits(options.limits),
      useInputBounds(),
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
  });
}
