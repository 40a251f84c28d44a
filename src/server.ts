import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, schemaExposureOf, settingsHelp } from './config.ts';
import { createLogger, upstreamLogObserver } from './plugins/use-logging.ts';
import { createMetrics } from './plugins/use-metrics.ts';
import { combineObservers, traceUpstream, upstreamTraceObserver } from './plugins/use-telemetry.ts';
import { loadTrustedDocuments } from './plugins/use-trusted-documents.ts';
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
const telemetry = await startTelemetry(config);
const metrics = config.METRICS ? createMetrics() : undefined;

// Without CL_BASE_URL the embedded emulator is the upstream, with its demo integration credential.
// Imported only then: a deployed gateway never loads SQLite, faker or the seed data.
const emulator = config.CL_BASE_URL
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
  // Each observer only when it has something to do: upstream lines are debug lines, spans need
  // an exporting SDK.
  observer: combineObservers(
    logger.isLevelEnabled('debug') ? upstreamLogObserver(logger) : undefined,
    metrics?.upstreamObserver,
    telemetry ? upstreamTraceObserver() : undefined,
  ),
});

const gateway = createGateway({
  upstream: telemetry ? traceUpstream(upstream) : upstream,
  tracing: telemetry !== undefined,
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
      `  demo customer: ${emulator.credentials.customer.email} / ${emulator.credentials.customer.password}`,
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
  logger.info(
    { port, host: config.HOST, upstream: emulator ? 'emulator' : 'commercelayer' },
    'listening',
  );
});

async function shutdown() {
  server.close();
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
