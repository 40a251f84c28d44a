/**
 * `npm run bench:plugins`: what each observability plugin costs per operation, in one process:
 * `createGateway(...).fetch` (no HTTP server) over the gateway's own upstream client, whose
 * upstream is the CustomersPage page served as fixed bytes from a child process (`page.ts`).
 * Variants, in alternating rounds, each measured on `CustomersPage` and on `{ __typename }`:
 * - bare: no logger, no metrics, no tracing (the floor);
 * - logging (info): the request log line per operation, to /dev/null through pino;
 * - logging (debug): plus upstream lines and the AsyncLocalStorage that carries the request id;
 * - metrics: Prometheus counters and histograms, and the upstream observer;
 * - tracing, no SDK: `useTelemetry` and traced sessions with nothing registered (what a gateway
 *   that exports nothing would pay if it kept them, which it no longer does);
 * - deployed default: logging (info) + metrics, as `node dist/server.js` runs by default;
 * - tracing, exporting: an SDK with a batch processor and a no-op exporter (registered last: it
 *   cannot be unregistered).
 * Writes `bench/results/plugins.json` (or prints only, with `--quick`).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { pino } from 'pino';
import { createLogger, upstreamLogObserver } from '../src/plugins/use-logging.ts';
import { createMetrics } from '../src/plugins/use-metrics.ts';
import {
  combineObservers,
  traceUpstream,
  upstreamTraceObserver,
} from '../src/plugins/use-telemetry.ts';
import { createUpstream } from '../src/upstream/client.ts';
import { createGateway } from '../src/yoga.ts';
import { benchAuth } from './bench-auth.ts';
import { capturePage, servePage } from './page.ts';
import { SCENARIOS } from './scenarios.ts';
import { percentile, round } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick === true;
const opsPerRound = quick ? 200 : 400;
const rounds = quick ? 2 : 3;

const { bytes } = await capturePage();
const server = await servePage(bytes);

interface Variant {
  readonly name: string;
  readonly logging?: 'info' | 'debug';
  readonly metrics?: boolean;
  readonly tracing?: boolean;
}

const bench = await benchAuth();

function gatewayOf(variant: Variant) {
  const logger = variant.logging
    ? createLogger(variant.logging, pino.destination({ dest: '/dev/null', sync: true }))
    : undefined;
  const metrics = variant.metrics ? createMetrics() : undefined;
  const upstream = createUpstream({
    baseUrl: server.base,
    authUrl: `${server.base}/oauth/token`,
    timeoutMs: 10_000,
    deadlineMs: 25_000,
    retryLimit: 2,
    maxRetryAfterMs: 10_000,
    observer: combineObservers(
      variant.logging === 'debug' && logger ? upstreamLogObserver(logger) : undefined,
      metrics?.upstreamObserver,
      variant.tracing ? upstreamTraceObserver() : undefined,
    ),
  });
  const gateway = createGateway({
    auth: bench.auth,
    upstream: variant.tracing ? traceUpstream(upstream) : upstream,
    tracing: variant.tracing === true,
    ...(logger ? { logger } : {}),
    ...(metrics ? { metrics } : {}),
  });
  return { gateway, close: () => upstream.close() };
}

const page = SCENARIOS.find((s) => s.name === 'CustomersPage')!;
const operations = {
  CustomersPage: JSON.stringify({ query: page.query, variables: { first: 25 } }),
  __typename: JSON.stringify({ query: '{ __typename }' }),
};

const VARIANTS: Variant[] = [
  { name: 'bare' },
  { name: 'logging (info)', logging: 'info' },
  { name: 'logging (debug, AsyncLocalStorage)', logging: 'debug' },
  { name: 'metrics', metrics: true },
  { name: 'tracing plugin, no SDK', tracing: true },
  { name: 'deployed default (logging info + metrics)', logging: 'info', metrics: true },
];
const EXPORTING: Variant = {
  name: 'tracing, SDK exporting (+ logging info + metrics)',
  logging: 'info',
  metrics: true,
  tracing: true,
};

const cpuMs = new Map<string, number[]>();
async function measure(variant: Variant, gateway: ReturnType<typeof gatewayOf>['gateway']) {
  for (const [operation, body] of Object.entries(operations)) {
    const run = async () => {
      const response = await gateway.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bench.authorization },
        body,
      });
      const text = await response.text();
      if (!text.startsWith('{"data"') || text.includes('"errors"')) {
        throw new Error(`${variant.name} ${operation}: ${text.slice(0, 200)}`);
      }
    };
    for (let index = 0; index < 50; index += 1) {
      await run();
    }
    const before = process.cpuUsage();
    for (let index = 0; index < opsPerRound; index += 1) {
      await run();
    }
    const used = process.cpuUsage(before);
    const key = `${variant.name}|${operation}`;
    cpuMs.set(key, [...(cpuMs.get(key) ?? []), (used.user + used.system) / 1000 / opsPerRound]);
  }
}

// BENCH_PLUGINS_ONLY=bare (with --cpu-prof) to profile one variant.
const only = process.env.BENCH_PLUGINS_ONLY;
const built = VARIANTS.filter((v) => only === undefined || v.name.startsWith(only)).map(
  (variant) => ({ variant, ...gatewayOf(variant) }),
);
for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
  for (const { variant, gateway } of built) {
    await measure(variant, gateway);
  }
}
// Exporting tracing last: a registered SDK stays registered for the process.
const noopExporter: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }) /* ExportResultCode.SUCCESS */,
  shutdown: async () => {},
};
const provider = new NodeTracerProvider({
  spanProcessors: [new BatchSpanProcessor(noopExporter)],
});
provider.register();
const exporting = gatewayOf(EXPORTING);
for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
  await measure(EXPORTING, exporting.gateway);
}
await provider.shutdown();
for (const { close } of [...built, exporting]) {
  close();
}
server.close();

const median = (list: number[]) => percentile(list, 50);
const bareOf = (operation: string) => median(cpuMs.get(`bare|${operation}`) ?? [0]);
const rows = [...VARIANTS, EXPORTING].map((variant) => {
  const row: Record<string, unknown> = { variant: variant.name };
  for (const operation of Object.keys(operations)) {
    const value = median(cpuMs.get(`${variant.name}|${operation}`) ?? [0]);
    row[`${operation}CpuMs`] = round(value, 3);
    row[`${operation}OverBareMs`] = round(value - bareOf(operation), 3);
  }
  return row;
});
for (const row of rows) {
  process.stdout.write(
    `  ${String(row.variant).padEnd(52)} CustomersPage ${row.CustomersPageCpuMs} ms (+${row.CustomersPageOverBareMs}), __typename ${row.__typenameCpuMs} ms (+${row.__typenameOverBareMs})\n`,
  );
}
const result = {
  generatedAt: new Date().toISOString(),
  opsPerRound,
  rounds,
  method:
    'one process: createGateway().fetch without an HTTP server, the gateway upstream client over a child process serving the CustomersPage page as fixed bytes; CPU = process.cpuUsage() per operation (gateway and client, no HTTP server), median over alternating rounds; "over bare" = minus the bare variant of the same run',
  rows,
};
const out =
  process.env.BENCH_PLUGINS_OUT ?? (quick ? undefined : join(here, 'results', 'plugins.json'));
if (out !== undefined) {
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}
process.exit(0);
