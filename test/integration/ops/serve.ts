import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LevelWithSilent } from 'pino';
import {
  createEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../../src/emulator/app.ts';
import { listenMetrics, type MetricsServer } from '../../../src/metrics-server.ts';
import type { AnonymousPolicy } from '../../../src/plugins/use-auth.ts';
import { createLogger, upstreamLogObserver } from '../../../src/plugins/use-logging.ts';
import { createMetrics, type GatewayMetrics } from '../../../src/plugins/use-metrics.ts';
import {
  combineObservers,
  traceUpstream,
  upstreamTraceObserver,
} from '../../../src/plugins/use-telemetry.ts';
import { createUpstream, type UpstreamClient } from '../../../src/upstream/client.ts';
import { createGateway, type GatewayOptions } from '../../../src/yoga.ts';
import { emulatorAuth } from '../../helpers/auth.ts';

export interface ServeOptions {
  readonly emulator?: EmulatorOptions;
  /** Point the gateway here instead of the emulator's API (e.g. a closed port). */
  readonly upstreamUrl?: string;
  readonly logLevel?: LevelWithSilent;
  /** Default true: `/metrics` on its own loopback listener (`metricsUrl`). */
  readonly metrics?: boolean;
  readonly readinessTimeoutMs?: number;
  /** Requests without Authorization: the emulator's credential (default) or refused. */
  readonly anonymous?: AnonymousPolicy;
  /** More gateway options (CORS, GraphiQL, limits, …). */
  readonly gateway?: Partial<Omit<GatewayOptions, 'upstream' | 'logger' | 'metrics'>>;
}

export interface ServedStack {
  readonly emulator: RunningEmulator;
  readonly upstream: UpstreamClient;
  readonly metrics: GatewayMetrics | undefined;
  /** `http://127.0.0.1:<port>/metrics` of the metrics listener (undefined with metrics off). */
  readonly metricsUrl: string | undefined;
  /** `http://127.0.0.1:<port>` of the gateway. */
  readonly url: string;
  readonly graphqlUrl: string;
  /** Every log line the gateway wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The raw log output, for "never contains" assertions. */
  rawLogs(): string;
  close(): Promise<void>;
}

/**
 * The stack as `src/server.ts` composes it (logger, metrics, upstream observers, traced upstream)
 * over real HTTP: the emulator and the gateway each listening on a free port.
 */
export async function serveStack(options: ServeOptions = {}): Promise<ServedStack> {
  const emulator = await createEmulator({
    port: 0,
    customers: 30,
    rateLimit: false,
    ...options.emulator,
  });
  const raw: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(options.logLevel ?? 'debug', {
    write(line: string) {
      raw.push(line);
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const metrics = options.metrics === false ? undefined : createMetrics();
  const upstream = createUpstream({
    baseUrl: options.upstreamUrl ?? emulator.apiUrl,
    authUrl: emulator.authUrl,
    clientId: emulator.credentials.integration.clientId,
    clientSecret: emulator.credentials.integration.clientSecret,
    timeoutMs: 2_000,
    deadlineMs: 5_000,
    retryLimit: 0,
    maxRetryAfterMs: 1_000,
    observer: combineObservers(
      upstreamLogObserver(logger),
      metrics?.upstreamObserver,
      upstreamTraceObserver(),
    ),
  });
  const gateway = createGateway({
    upstream: traceUpstream(upstream),
    auth: emulatorAuth(emulator, options.anonymous),
    // As server.ts does when an SDK exports (the telemetry test registers one).
    tracing: true,
    logger,
    ...(metrics ? { metrics } : {}),
    ...(options.readinessTimeoutMs ? { readinessTimeoutMs: options.readinessTimeoutMs } : {}),
    ...options.gateway,
  });
  const metricsServer: MetricsServer | undefined = metrics
    ? await listenMetrics(metrics.registry, { port: 0, host: '127.0.0.1' })
    : undefined;
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    emulator,
    upstream,
    metrics,
    metricsUrl: metricsServer?.url,
    url,
    graphqlUrl: `${url}/graphql`,
    logs,
    rawLogs: () => raw.join(''),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      upstream.close();
      await emulator.close();
    },
  };
}

/** POSTs a GraphQL request to the listening gateway. */
export async function postGraphQL(
  stack: Pick<ServedStack, 'graphqlUrl'>,
  body: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: GraphQLBody }> {
  const response = await fetch(stack.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLBody,
  };
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Log lines with the given `msg`. */
export function linesWith(stack: ServedStack, msg: string): Record<string, unknown>[] {
  return stack.logs.filter((line) => line.msg === msg);
}
