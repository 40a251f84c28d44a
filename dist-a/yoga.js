import { createYoga } from 'graphql-yoga';
import { createContext } from "./context.js";
import { useAuth } from "./plugins/use-auth.js";
import { useBodyLimit } from "./plugins/use-body-limit.js";
import { corsOptionsOf, useVaryOrigin } from "./plugins/use-cors.js";
import { useCost } from "./plugins/use-cost.js";
import { useCsrf } from "./plugins/use-csrf.js";
import { useIdempotency } from "./plugins/use-idempotency.js";
import { useInputBounds } from "./plugins/use-input-bounds.js";
import { DEFAULT_LIMITS, useLimits } from "./plugins/use-limits.js";
import { createLogger, useLogging, yogaLoggerOf } from "./plugins/use-logging.js";
import { useMetrics } from "./plugins/use-metrics.js";
import { useNoSuggestions } from "./plugins/use-no-suggestions.js";
import { useReadiness } from "./plugins/use-readiness.js";
import { useSdlGuard } from "./plugins/use-sdl-guard.js";
import { useTelemetry } from "./plugins/use-telemetry.js";
import { useTrustedDocuments } from "./plugins/use-trusted-documents.js";
import { useWebhooks } from "./plugins/use-webhooks.js";
import { maskError } from "./schema/errors.js";
import { schema } from "./schema/index.js";
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
/** 1 MiB: a large GraphQL document with its variables fits many times over. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** The whole gateway as a fetch handler; `server.ts` only listens. Tests call `yoga.fetch`. */
export function createGateway(options) {
    const planning = options.planning ?? true;
    const logger = options.logger ?? createLogger('silent');
    const graphqlEndpoint = options.graphqlEndpoint ?? '/graphql';
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const shared = options.shared ?? {};
    return createYoga({
        schema,
        graphqlEndpoint,
        context: (initial) => createContext(initial, {
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
        ],
        // GraphiQL's page is a 30 MB bundle once loaded: imported on the first page view only, so a
        // deployed gateway (GraphiQL off) never holds it.
        renderGraphiQL: async (graphiqlOptions) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiqlOptions),
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
        // cached per query text; batched requests are refused. graphql-jit (@envelop/graphql-jit
        // 11.2.1, graphql-jit 0.8.7) saved about 12 % of the CPU on CustomersPage, but errors thrown
        // by resolvers reach the mask without their codes (typed UPSTREAM_*, NOT_FOUND answers became
        // INTERNAL_SERVER_ERROR in 15 tests) and subscriptions broke: not used.
        parserAndValidationCache: true,
        batching: false,
    });
}
//# sourceMappingURL=yoga.js.map