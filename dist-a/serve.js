/**
 * The gateway process: settings, upstream, shared state, the HTTP server, graceful shutdown.
 * Started through `server.ts` (which keeps start-up from growing the heap first).
 */
import { createServer } from 'node:http';
import { COMMERCE_LAYER_JWKS_URL, createTokenVerifier } from "./auth/verify.js";
import { ConfigError, corsOriginsOf, graphiqlOf, loadConfig, organizationOf, schemaExposureOf, settingsHelp, usesEmulator, } from "./config.js";
import { bindErrorMessage, gracefulShutdown, listen, parseCommandLine, StartupError, startBanner, trackInFlight, usage, } from "./lifecycle.js";
import { registerWebhooks } from "./live/register.js";
import { createLive } from "./live/setup.js";
import { listenMetrics } from "./metrics-server.js";
import { createLogger, upstreamLogObserver } from "./plugins/use-logging.js";
import { createMetrics } from "./plugins/use-metrics.js";
import { combineObservers, traceUpstream, upstreamTraceObserver } from "./plugins/use-telemetry.js";
import { loadTrustedDocuments } from "./plugins/use-trusted-documents.js";
import { WEBHOOK_PATH } from "./plugins/use-webhooks.js";
import { createSharedState } from "./shared-state/index.js";
import { startupDone } from "./startup-memory.js";
import { startTelemetry } from "./telemetry.js";
import { createUpstream } from "./upstream/client.js";
import { createGateway } from "./yoga.js";
/** A start-up failure the user fixes with a setting: the message, exit code 2. */
function stop(error) {
    if (error instanceof StartupError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
    }
    throw error;
}
let commandLine;
try {
    commandLine = parseCommandLine(process.argv.slice(2));
}
catch (error) {
    stop(error);
}
if (commandLine.help) {
    process.stdout.write(usage(settingsHelp()));
    process.exit(0);
}
let config;
try {
    config = loadConfig({ ...process.env, ...commandLine.env });
}
catch (error) {
    if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n\nRun with --help for every setting.\n`);
        process.exit(2);
    }
    throw error;
}
const logger = createLogger(config.LOG_LEVEL);
const telemetry = await startTelemetry(config);
const metrics = config.METRICS ? createMetrics() : undefined;
// Without CL_BASE_URL the embedded emulator is the upstream, with its demo integration credential.
// Imported only then: a deployed gateway never loads SQLite, faker or the seed data.
const emulator = !usesEmulator(config)
    ? undefined
    : await (await import("./emulator/app.js"))
        .createEmulator({
        port: config.EMULATOR_PORT,
        customers: config.EMULATOR_CUSTOMERS,
        seed: config.EMULATOR_SEED,
        rateLimit: config.EMULATOR_RATE_LIMIT,
        ...(config.EMULATOR_DB ? { db: config.EMULATOR_DB } : {}),
    })
        .catch((error) => {
        const message = bindErrorMessage(error, 'Embedded emulator', config.EMULATOR_PORT, '127.0.0.1', 'EMULATOR_PORT');
        return stop(message ? new StartupError(message) : error);
    });
const authUrl = emulator?.authUrl ?? config.CL_AUTH_URL ?? 'https://auth.commercelayer.io/oauth/token';
// Default budget: on for a fleet (one budget in Redis) and for the embedded emulator's limits.
const budgetMode = config.RATE_BUDGET ??
    (config.REDIS_URL || (emulator && config.EMULATOR_RATE_LIMIT) ? 'test' : 'off');
const sharedState = createSharedState({
    redisUrl: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
    budget: budgetMode,
    budgetShare: config.RATE_BUDGET_SHARE,
    idempotencyLeaseMs: config.IDEMPOTENCY_LEASE_MS,
    tokenIdentity: [
        authUrl,
        emulator ? emulator.credentials.integration.clientId : (config.CL_CLIENT_ID ?? ''),
        config.CL_SCOPE ?? '',
    ].join('\n'),
});
const upstream = createUpstream({
    baseUrl: emulator?.apiUrl ?? config.CL_BASE_URL,
    authUrl,
    ...(emulator
        ? {
            clientId: emulator.credentials.integration.clientId,
            clientSecret: emulator.credentials.integration.clientSecret,
        }
        : {
            ...(config.CL_CLIENT_ID ? { clientId: config.CL_CLIENT_ID } : {}),
            ...(config.CL_CLIENT_SECRET ? { clientSecret: config.CL_CLIENT_SECRET } : {}),
            ...(config.CL_SCOPE ? { scope: config.CL_SCOPE } : {}),
        }),
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    deadlineMs: config.UPSTREAM_DEADLINE_MS,
    retryLimit: config.UPSTREAM_RETRY_LIMIT,
    maxRetryAfterMs: config.UPSTREAM_MAX_RETRY_AFTER_MS,
    ...(sharedState.budget ? { budget: sharedState.budget } : {}),
    ...(sharedState.tokenStore ? { tokenStore: sharedState.tokenStore } : {}),
    // Each observer only when it has something to do: upstream lines are debug lines, spans need
    // an exporting SDK.
    observer: combineObservers(logger.isLevelEnabled('debug') ? upstreamLogObserver(logger) : undefined, metrics?.upstreamObserver, telemetry ? upstreamTraceObserver() : undefined),
});
// Callers' tokens are verified locally against Commerce Layer's key set (the emulator serves the
// same shape) before the gateway acts on them. Anonymous callers borrow the gateway's credential
// only on the embedded emulator or by the operator's explicit choice.
const verifier = createTokenVerifier({
    jwksUrl: emulator?.jwksUrl ?? config.CL_JWKS_URL ?? COMMERCE_LAYER_JWKS_URL,
    issuer: config.CL_TOKEN_ISSUER,
    organization: emulator?.organization.slug ?? organizationOf(config),
});
const anonymous = emulator !== undefined || config.ALLOW_ANONYMOUS ? 'gateway-credential' : 'refuse';
if (emulator === undefined && config.ALLOW_ANONYMOUS) {
    logger.warn({ setting: 'ALLOW_ANONYMOUS' }, "requests without Authorization run with the gateway's own Commerce Layer credential: anyone who reaches this port acts as it");
}
// Live updates: webhooks in, subscriptions out (src/live/, README "Live updates").
const live = createLive({
    secrets: config.CL_WEBHOOK_SECRETS,
    maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
    dedupWindowMs: config.WEBHOOK_DEDUP_WINDOW_MS,
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_KEY_PREFIX,
    onError: (error) => logger.warn({ code: error.code }, 'live updates: Redis failed'),
});
if (emulator === undefined && config.CL_WEBHOOK_SECRETS.length === 0) {
    logger.warn({ setting: 'CL_WEBHOOK_SECRETS' }, 'no webhook secret: every POST /webhooks/commercelayer is refused and subscriptions receive nothing (npm run webhooks:register prints the secrets)');
}
const gateway = createGateway({
    upstream: telemetry ? traceUpstream(upstream) : upstream,
    tracing: telemetry !== undefined,
    auth: { verifier, anonymous },
    planning: config.QUERY_PLANNING,
    logger,
    ...(metrics ? { metrics } : {}),
    readinessTimeoutMs: config.READINESS_TIMEOUT_MS,
    maxQueryCost: config.MAX_QUERY_COST,
    limits: {
        maxDepth: config.MAX_DEPTH,
        maxAliases: config.MAX_ALIASES,
        maxDirectives: config.MAX_DIRECTIVES,
        maxTokens: config.MAX_TOKENS,
        ...schemaExposureOf(config),
    },
    ...(config.TRUSTED_DOCUMENTS
        ? { trustedDocuments: await loadTrustedDocuments(config.TRUSTED_DOCUMENTS) }
        : {}),
    live,
    graphiql: graphiqlOf(config),
    maxBodyBytes: config.MAX_BODY_BYTES,
    corsOrigins: corsOriginsOf(config),
    ...(config.FEDERATION_SDL_SECRET ? { sdlSecret: config.FEDERATION_SDL_SECRET } : {}),
    shared: sharedState.shared,
});
// Metrics on their own listener, loopback by default: never on the GraphQL port.
let metricsServer;
if (metrics) {
    try {
        metricsServer = await listenMetrics(metrics.registry, {
            port: config.METRICS_PORT,
            host: config.METRICS_HOST,
        });
    }
    catch (error) {
        logger.error({ err: error, port: config.METRICS_PORT, host: config.METRICS_HOST }, 'metrics listener failed: /metrics is not served (set METRICS_PORT)');
    }
}
/** fetch with the gateway's own (integration) token, for registering webhooks. */
const withGatewayToken = async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${(await upstream.gatewayToken()) ?? ''}`);
    return fetch(input, { ...init, headers });
};
const server = createServer(gateway);
const inFlight = trackInFlight(server);
try {
    await listen(server, config.PORT, config.HOST);
}
catch (error) {
    upstream.close();
    await metricsServer?.close();
    await emulator?.close();
    stop(error);
}
{
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    process.stdout.write(startBanner({
        graphqlUrl: `http://${host}:${port}${gateway.graphqlEndpoint}`,
        graphiql: graphiqlOf(config),
        ...(emulator
            ? {
                emulator: {
                    apiUrl: emulator.apiUrl,
                    authUrl: emulator.authUrl,
                    customers: emulator.api.counts().customers ?? 0,
                    seeded: emulator.seedSummary !== undefined,
                    ...(config.EMULATOR_DB ? { db: config.EMULATOR_DB } : {}),
                    rateLimit: config.EMULATOR_RATE_LIMIT,
                    salesChannelClientId: emulator.credentials.salesChannel.clientId,
                    marketScope: emulator.credentials.marketScope,
                    customer: emulator.credentials.customer,
                },
            }
            : { upstreamUrl: config.CL_BASE_URL }),
        production: config.NODE_ENV === 'production',
        ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
        anonymous: anonymous === 'gateway-credential',
        sharedState: `${config.REDIS_URL ? 'Redis (fleet-wide)' : 'this process (set REDIS_URL to share it between replicas)'}; rate budget: ${budgetMode}`,
        traces: telemetry ? telemetry.target : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT to export)',
    }));
    if (emulator) {
        // The embedded emulator sends its customer webhooks here; their secrets stay in memory.
        void registerWebhooks({
            apiUrl: emulator.apiUrl,
            token: '',
            // A persistent emulator database keeps earlier registrations: re-create them to learn secrets.
            rotate: true,
            callbackUrl: `${config.PUBLIC_URL ?? `http://127.0.0.1:${port}`}${WEBHOOK_PATH}`,
            fetch: withGatewayToken,
        }).then((hooks) => {
            live.addSecrets(hooks.flatMap((hook) => (hook.sharedSecret ? [hook.sharedSecret] : [])));
            logger.info({ webhooks: hooks.length }, 'webhooks registered with the emulator');
        }, (error) => logger.warn({ err: error }, 'webhook registration failed'));
    }
    logger.info({ port, host: config.HOST, upstream: emulator ? 'emulator' : 'commercelayer' }, 'listening');
    startupDone();
}
const shutdown = gracefulShutdown({
    server,
    inFlight,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async cleanup() {
        await metricsServer?.close();
        upstream.close();
        await live.close();
        await sharedState.close();
        await emulator?.close();
        await telemetry
            ?.shutdown()
            .catch((error) => logger.warn({ err: error }, 'trace flush failed'));
    },
    log: (fields, message) => logger.info(fields, message),
    exit(code) {
        logger.flush();
        process.exit(code);
    },
});
// Open subscription streams end first: a graceful stop waits for in-flight requests only.
process.on('SIGINT', () => {
    live.endSubscriptions();
    void shutdown('SIGINT');
});
process.on('SIGTERM', () => {
    live.endSubscriptions();
    void shutdown('SIGTERM');
});
//# sourceMappingURL=serve.js.map