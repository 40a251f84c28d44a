import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth/verify.ts';
import { type Context, createContext } from './context.ts';
import type { IdempotencyStore } from './plugins/idempotency-store.ts';
import { type AnonymousPolicy, useAuth } from './plugins/use-auth.ts';
import { useBodyLimit } from './plugins/use-body-limit.ts';
import { useCompiledExecution } from './plugins/use-compiled-execution.ts';
import { corsOptionsOf, useVaryOrigin } from './plugins/use-cors.ts';
import { useCost } from './plugins/use-cost.ts';
import { useCsrf } from './plugins/use-csrf.ts';
import { useIdempotency } from './plugins/use-idempotency.ts';
import { useInputBounds } from './plugins/use-input-bounds.ts';
import { DEFAULT_LIMITS, type LimitsOptions, useLimits } from './plugins/use-limits.ts';
import { createLogger, useLogging, yogaLoggerOf } from './plugins/use-logging.ts';
import { type GatewayMetrics, useMetrics } from './plugins/use-metrics.ts';
import { useNoSuggestions } from './plugins/use-no-suggestions.ts';
import { useReadiness } from './plugins/use-readiness.ts';
import { useSdlGuard } from './plugins/use-sdl-guard.ts';
import { useTelemetry } from './plugins/use-telemetry.ts';
import { type TrustedDocuments, useTrustedDocuments } from './plugins/use-trusted-documents.ts';
import { type UseWebhooksOptions, useWebhooks } from './plugins/use-webhooks.ts';
import type { KeyedLock } from './schema/customer/customer-lock.ts';
import { maskError } from './schema/errors.ts';
import { schema } from './schema/index.ts';
import type { RateBudget } from './upstream/rate-budget.ts';
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
  /**
   * OpenTelemetry spans for operations and resolvers (`useTelemetry`). Default false: set it when
   * an SDK is exporting (`startTelemetry`), so a gateway that exports nothing wraps no resolver.
   */
  readonly tracing?: boolean;
  /**
   * Prometheus registry the requests are recorded in. Never served on the GraphQL port:
   * `listenMetrics` serves it on its own (loopback) port.
   */
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
  /** Serve GraphiQL to browsers (default true; `GRAPHIQL`, off in production). */
  readonly graphiql?: boolean;
  /** Largest request body in bytes; 413 beyond (default {@link DEFAULT_MAX_BODY_BYTES}). */
  readonly maxBodyBytes?: number;
  /** Origins allowed by CORS (`*`: any). Never with credentials. Default none: CORS off. */
  readonly corsOrigins?: readonly string[];
  /** With introspection off, `_service { sdl }` only for requests carrying this secret. */
  readonly sdlSecret?: string;
  /**
   * State shared between requests (and between replicas, with Redis; see `src/shared-state/`).
   * Default: this process's memory.
   */
  readonly shared?: SharedState;
}

/** What a fleet shares: built by `src/shared-state/index.ts` from `REDIS_URL`. */
export interface SharedState {
  readonly idempotency?: IdempotencyStore;
  /** Claim lease of Idempotency-Key requests (`IDEMPOTENCY_LEASE_MS`). */
  readonly idempotencyLeaseMs?: number;
  readonly locks?: KeyedLock;
  /** The same budget the upstream spends (`UpstreamConfig.budget`), for admission and status. */
  readonly budget?: RateBudget;
  /** Redis PING for `/readiness`. */
  readonly ping?: () => Promise<boolean>;
  /** Told when the idempotency store fails (logged once per outage by the caller). */
  readonly onIdempotencyStoreError?: (error: unknown) => void;
}

/** 1 MiB: a large GraphQL document with its variables fits many times over. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** The whole gateway as a fetch handler; `server.ts` only listens. Tests call `yoga.fetch`. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const planning = options.planning ?? true;
  const logger = options.logger ?? createLogger('silent');
  const graphqlEndpoint = options.graphqlEndpoint ?? '/graphql';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const shared = options.shared ?? {};
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint,
    context: (initial) =>
      createContext(initial, {
        upstream: options.upstream,
        planning,
        ...(options.live ? { events: options.live.bus } : {}),
        ...(shared.locks ? { locks: shared.locks } : {}),
      }),
    maskedErrors: { maskError },
    logging: yogaLoggerOf(logger),
    // Checked by `useBodyLimit`, which reads a body with a valid Content-Length without a stream.
    maxRequestBodySize: false,
    cors: corsOptionsOf(options.corsOrigins ?? []),
    plugins: [
      // Before useAuth: webhooks are authenticated by their signature, not a bearer token.
      ...(options.live ? [useWebhooks({ ...options.live, logger })] : []),
      useLogging({ logger }),
      ...(options.tracing ? [useTelemetry()] : []),
      ...(options.metrics ? [useMetrics({ metrics: options.metrics, endpoint: null })] : []),
      useBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      ...((options.corsOrigins ?? []).length > 0 ? [useVaryOrigin()] : []),
      useCsrf(),
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
        ...(shared.ping ? { sharedState: shared.ping } : {}),
      }),
      ...(options.trustedDocuments
        ? [useTrustedDocuments({ documents: options.trustedDocuments })]
        : []),
      useLimits({ ...limits, fieldSuggestions: true }),
      useInputBounds(),
      ...(limits.fieldSuggestions ? [] : [useNoSuggestions()]),
      useSdlGuard({ open: limits.introspection, secret: options.sdlSecret }),
      useCost({ maxCost: options.maxQueryCost, budget: shared.budget }),
      useIdempotency({
        ...(shared.idempotency ? { store: shared.idempotency } : {}),
        ...(shared.idempotencyLeaseMs ? { inFlightTtlMs: shared.idempotencyLeaseMs } : {}),
        ...(shared.onIdempotencyStoreError ? { onStoreError: shared.onIdempotencyStoreError } : {}),
      }),
      // Repeated queries and mutations run compiled by graphql-jit; subscriptions and traced
      // gateways (resolver spans nest by graphql-js's path objects) keep graphql-js's executor.
      ...(options.tracing ? [] : [useCompiledExecution()]),
    ],
    // GraphiQL's page is a 30 MB bundle once loaded: imported on the first page view only, so a
    // deployed gateway (GraphiQL off) never holds it.
    renderGraphiQL: async (graphiqlOptions) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiqlOptions),
    graphiql: (options.graphiql ?? true) && {
      title: 'customers-gateway',
      defaultQuery: EXAMPLE_QUERY,
      // The Authorization header is forwarded to Commerce Layer; empty means the gateway's token.
      headers: JSON.stringify({ Authorization: '' }, null, 2),
      defaultEditorToolsVisibility: 'headers',
      // GraphiQL sends subscriptions as GET + text/event-stream: this header passes the CSRF check
      // (a page of another origin cannot set it without a CORS preflight).
      additionalHeaders: { 'x-graphql-yoga-csrf': 'graphiql' },
    },
    landingPage: false,
    // yoga's defaults, kept on purpose and measured (bench/): parsed and validated documents are
    // cached per query text; batched requests are refused.
    parserAndValidationCache: true,
    batching: false,
  });
}
