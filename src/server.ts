import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { COMMERCE_LAYER_JWKS_URL, createTokenVerifier } from './auth/verify.ts';
import {
  ConfigError,
  loadConfig,
  organizationOf,
  schemaExposureOf,
  settingsHelp,
  usesEmulator,
} from './config.ts';
import { registerWebhooks } from './live/register.ts';
import { createLive } from './live/setup.ts';
import { createLogger, upstreamLogObserver } from './plugins/use-logging.ts';
import { createMetrics } from './plugins/use-metrics.ts';
import { combineObservers, traceUpstream, upstreamTraceObserver } from './plugins/use-telemetry.ts';
import { loadTrustedDocuments } from './plugins/use-trusted-documents.ts';
import { WEBHOOK_PATH } from './plugins/use-webhooks.ts';
import { startTelemetry } from './telemetry.ts';
import { createUpstream } from './upstream/client.ts';
import { createGateway } from './yoga.ts';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: true });
if (values.help) {
  process.stdout.write(
    `customers-gateway: a GraphQL gateway over Commerce Layer's customers API.\n\nUsage: npm start [-- --help]\n\nSettings (environment variables):\n${settingsHelp()}\n`,
  );
  process.exit(0);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n\nRun with --help for every setting.\n`);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.LOG_LEVEL);
const telemetry = startTelemetry(config);
const metrics = config.METRICS ? createMetrics() : undefined;

// Without CL_BASE_URL the embedded emulator is the upstream, with its demo integration credential.
// Imported only then: a deployed gateway never loads SQLite, faker or the seed data.
const emulator = !usesEmulator(config)
  ? undefined
  : await (await import('./emulator/app.ts')).createEmulator({
      port: config.EMULATOR_PORT,
      customers: config.EMULATOR_CUSTOMERS,
      seed: config.EMULATOR_SEED,
      rateLimit: config.EMULATOR_RATE_LIMIT,
      ...(config.EMULATOR_DB ? { db: config.EMULATOR_DB } : {}),
    });

const upstream = createUpstream({
  baseUrl: emulator?.apiUrl ?? (config.CL_BASE_URL as string),
  authUrl: emulator?.authUrl ?? config.CL_AUTH_URL ?? 'https://auth.commercelayer.io/oauth/token',
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
  observer: combineObservers(
    upstreamLogObserver(logger),
    metrics?.upstreamObserver,
    upstreamTraceObserver(),
  ),
});

// Callers' tokens are verified locally against Commerce Layer's key set (the emulator serves the
// same shape) before the gateway acts on them. Anonymous callers borrow the gateway's credential
// only on the embedded emulator or by the operator's explicit choice.
const verifier = createTokenVerifier({
  jwksUrl: emulator?.jwksUrl ?? config.CL_JWKS_URL ?? COMMERCE_LAYER_JWKS_URL,
  issuer: config.CL_TOKEN_ISSUER,
  organization: emulator?.organization.slug ?? (organizationOf(config) as string),
});
const anonymous =
  emulator !== undefined || config.ALLOW_ANONYMOUS ? 'gateway-credential' : 'refuse';
if (emulator === undefined && config.ALLOW_ANONYMOUS) {
  logger.warn(
    { setting: 'ALLOW_ANONYMOUS' },
    "requests without Authorization run with the gateway's own Commerce Layer credential: anyone who reaches this port acts as it",
  );
}

// Live updates: webhooks in, subscriptions out (src/live/, README "Live updates").
const live = createLive({
  secrets: config.CL_WEBHOOK_SECRETS,
  maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
  dedupWindowMs: config.WEBHOOK_DEDUP_WINDOW_MS,
  redisUrl: config.REDIS_URL,
  redisPrefix: config.REDIS_KEY_PREFIX,
  onError: (error) =>
    logger.warn({ code: (error as { code?: string }).code }, 'live updates: Redis failed'),
});
if (emulator === undefined && config.CL_WEBHOOK_SECRETS.length === 0) {
  logger.warn(
    { setting: 'CL_WEBHOOK_SECRETS' },
    'no webhook secret: every POST /webhooks/commercelayer is refused and subscriptions receive nothing (npm run webhooks:register prints the secrets)',
  );
}

const gateway = createGateway({
  upstream: traceUpstream(upstream),
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
});
const server = createServer(gateway);
server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  const lines = [`GraphiQL: http://${host}:${port}${gateway.graphqlEndpoint}`];
  if (emulator) {
    lines.push(
      `Upstream: embedded Commerce Layer emulator at ${emulator.apiUrl} (${config.EMULATOR_CUSTOMERS} seeded customers)`,
      // A demo password is still a password: never printed by a production process.
      config.NODE_ENV === 'production'
        ? `  demo customer: ${emulator.credentials.customer.email}`
        : `  demo customer: ${emulator.credentials.customer.email} / ${emulator.credentials.customer.password}`,
      '  requests without Authorization use the demo integration credential (emulator only).',
      '  set CL_BASE_URL and credentials to use the real Commerce Layer API.',
    );
  } else {
    lines.push(`Upstream: ${config.CL_BASE_URL}`);
  }
  lines.push(
    `Health: /health (liveness), /readiness (upstream check)${metrics ? ', /metrics (Prometheus)' : ''}`,
    `Traces: ${telemetry ? telemetry.target : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT to export)'}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (emulator) {
    // The embedded emulator sends its customer webhooks here; their secrets stay in memory.
    void registerWebhooks({
      apiUrl: emulator.apiUrl,
      token: '',
      // A persistent emulator database keeps earlier registrations: re-create them to learn secrets.
      rotate: true,
      callbackUrl: `${config.PUBLIC_URL ?? `http://127.0.0.1:${port}`}${WEBHOOK_PATH}`,
      fetch: withGatewayToken,
    }).then(
      (hooks) => {
        live.addSecrets(hooks.flatMap((hook) => (hook.sharedSecret ? [hook.sharedSecret] : [])));
        logger.info({ webhooks: hooks.length }, 'webhooks registered with the emulator');
      },
      (error: unknown) => logger.warn({ err: error }, 'webhook registration failed'),
    );
  }
  logger.info(
    { port, host: config.HOST, upstream: emulator ? 'emulator' : 'commercelayer' },
    'listening',
  );
});

/** fetch with the gateway's own (integration) token, for registering webhooks. */
const withGatewayToken: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${(await upstream.gatewayToken()) ?? ''}`);
  return fetch(input, { ...init, headers });
};

async function shutdown() {
  server.close();
  await live.close();
  upstream.close();
  await emulator?.close();
  await telemetry
    ?.shutdown()
    .catch((error: unknown) => logger.warn({ err: error }, 'trace flush failed'));
  logger.flush();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
