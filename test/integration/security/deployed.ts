import { type ChildProcess, spawn } from 'node:child_process';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';

const ROOT = new URL('../../../', import.meta.url);
/** tsx compiles the whole server: slow on a busy machine. */
export const START_TIMEOUT_MS = 120_000;

/**
 * `src/server.ts` as it is deployed: `NODE_ENV=production`, `CL_BASE_URL` pointing at an
 * emulator running in the test process (so the test counts upstream requests in its request log),
 * the emulator's integration credential as the gateway's own, `/metrics` on a free loopback port.
 */
export interface DeployedGateway {
  readonly emulator: RunningEmulator;
  /** `http://127.0.0.1:<port>/graphql`. */
  readonly graphqlUrl: string;
  /** `http://127.0.0.1:<port>/metrics` on the metrics listener. */
  readonly metricsUrl: string;
  /** Everything the process wrote on stdout (the banner, then pino JSON lines). */
  stdout(): string;
  /** The parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** A fresh integration access token from the emulator's `/oauth/token` (client credentials). */
  token(): Promise<string>;
  /** `/api/*` requests the emulator served since `since` (a `requestLog.lastSeq`). */
  upstreamSince(since: number): number;
  close(): Promise<void>;
}

export async function startDeployed(
  env: Record<string, string> = {},
  emulatorCustomers = 30,
): Promise<DeployedGateway> {
  const emulator = await createEmulator({
    port: 0,
    customers: emulatorCustomers,
    rateLimit: false,
  });
  let out = '';
  let err = '';
  const child: ChildProcess = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_JWKS_URL: emulator.jwksUrl,
      CL_ORGANIZATION: emulator.organization.slug,
      CL_CLIENT_ID: emulator.credentials.integration.clientId,
      CL_CLIENT_SECRET: emulator.credentials.integration.clientSecret,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const urls = await new Promise<{ graphql: string; metrics: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the gateway did not start:\n${out}\n${err}`)),
      START_TIMEOUT_MS - 5_000,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${code}:\n${out}\n${err}`));
    });
    const look = () => {
      const graphql = /Graph(?:iQL|QL): (http:\/\/\S+)/.exec(out)?.[1];
      const metrics = /Metrics: (http:\/\/\S+)/.exec(out)?.[1];
      if (graphql && metrics) {
        clearTimeout(timer);
        resolve({ graphql: graphql.replace('localhost', '127.0.0.1'), metrics });
      } else {
        setTimeout(look, 50);
      }
    };
    look();
  });
  return {
    emulator,
    graphqlUrl: urls.graphql,
    metricsUrl: urls.metrics,
    stdout: () => out,
    logs: () =>
      out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async token() {
      const response = await fetch(emulator.authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: emulator.credentials.integration.clientId,
          client_secret: emulator.credentials.integration.clientSecret,
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    upstreamSince: (since) => emulator.requestLog.count({ since, pathPrefix: '/api/' }),
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null) {
          child.kill('SIGKILL');
        }
      }
      await emulator.close();
    },
  };
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: Record<string, unknown> & { code?: string };
    }[];
  };
  /** `/api/*` requests the emulator served while answering. */
  readonly upstreamRequests: number;
}

/** POSTs JSON to the gateway with the caller's bearer token and counts upstream requests. */
export async function post(
  gateway: DeployedGateway,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer> {
  const since = gateway.emulator.requestLog.lastSeq;
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as GraphQLAnswer['body']),
    upstreamRequests: gateway.upstreamSince(since),
  };
}
