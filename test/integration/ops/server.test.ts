import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url);
/** tsx compiles the whole server and the emulator seeds: slow on a busy CI machine. */
const START_TIMEOUT_MS = 120_000;

/**
 * `src/server.ts` as `npm start` runs it, with the embedded emulator: the composition of logger,
 * metrics, readiness and tracing is exercised as shipped, spans exported over OTLP/HTTP to a
 * stand-in collector.
 */
describe('npm start (src/server.ts)', () => {
  let collector: Server;
  /** Bodies POSTed to the collector's /v1/traces (protobuf: strings appear as UTF-8). */
  const exports: Buffer[] = [];
  let child: ChildProcess;
  let stdout = '';
  let graphiqlUrl: string;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') {
          exports.push(Buffer.concat(chunks));
        }
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const collectorPort = (collector.address() as AddressInfo).port;

    child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        EMULATOR_PORT: '0',
        METRICS_PORT: '0',
        EMULATOR_CUSTOMERS: '12',
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        OTEL_SERVICE_NAME: 'smoke-gateway',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    graphiqlUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no GraphiQL line:\n${stdout}`)),
        START_TIMEOUT_MS - 5_000,
      );
      const look = () => {
        const match = /GraphiQL: (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        } else {
          setTimeout(look, 100);
        }
      };
      look();
    });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
    await new Promise<void>((resolve) => collector.close(() => resolve()));
  });

  it('prints the GraphiQL URL, serves health, readiness, metrics and GraphQL', async () => {
    expect(stdout).toContain('Upstream: embedded Commerce Layer emulator');
    expect(stdout).toContain('Traces: otlp → http://127.0.0.1:');
    const origin = new URL(graphiqlUrl).origin;
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    expect((await fetch(`${origin}/readiness`)).status).toBe(200);

    const response = await fetch(graphiqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'smoke-1' },
      body: JSON.stringify({ query: 'query Smoke { customers(first: 2) { totalCount } }' }),
    });
    expect(await response.json()).toMatchObject({ data: { customers: { totalCount: 12 } } });

    const metricsUrl = /Metrics: (http:\/\/\S+)/.exec(stdout)?.[1];
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = await (await fetch(metricsUrl as string)).text();
    expect(metrics).toContain(
      'gateway_graphql_requests_total{operation_type="query",outcome="ok"} 1',
    );

    await expect
      .poll(() => stdout.split('\n').find((line) => line.includes('"requestId":"smoke-1"')))
      .toBeDefined();
    const line = JSON.parse(
      stdout.split('\n').find((candidate) => candidate.includes('"requestId":"smoke-1"')) ?? '{}',
    ) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'graphql request',
      operationName: 'Smoke',
      upstreamRequests: 1,
      errorCodes: [],
    });
  });

  it('flushes its spans to the OTLP endpoint and exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const exported = Buffer.concat(exports).toString('latin1');
    expect(exported).toContain('smoke-gateway');
    expect(exported).toContain('query Smoke');
    expect(exported).toContain('resolve Query.customers');
    expect(exported).toContain('GET /api/customers');
  });
});
