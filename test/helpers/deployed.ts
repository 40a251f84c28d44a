import { type ChildProcess, spawn } from 'node:child_process';
import {
  createEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/app.ts';

export interface DeployedGateway {
  readonly emulator: RunningEmulator;
  /** `http://127.0.0.1:<port>/graphql` of the spawned gateway. */
  readonly graphqlUrl: string;
  readonly url: string;
  /** `http://127.0.0.1:<port>/metrics` on the metrics listener (undefined with `METRICS=off`). */
  readonly metricsUrl: string | undefined;
  /** Everything the process wrote on stdout and stderr so far. */
  output(): string;
  /** What the process wrote on stdout (the banner, then pino JSON lines). */
  stdout(): string;
  /** The parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** `/api/*` requests the emulator served since `since` (a `requestLog.lastSeq`). */
  upstreamSince(since: number): number;
  /** A fresh integration access token (alias of `integrationToken`). */
  token(): Promise<string>;
  /** Requests the emulator served since `since` (default: since start), token requests included. */
  upstreamRequests(since?: number): number;
  /** The emulator request log's newest sequence number (pass it to `upstreamRequests`). */
  mark(): number;
  /** A token from the emulator's token endpoint, for this grant. */
  grant(body: Record<string, string>): Promise<string>;
  integrationToken(): Promise<string>;
  salesChannelToken(): Promise<string>;
  customerToken(): Promise<string>;
  /** POSTs a GraphQL operation; returns status, headers and the parsed body. */
  post(
    query: string,
    options?: { headers?: Record<string, string>; variables?: Record<string, unknown> },
  ): Promise<{ status: number; headers: Headers; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * `src/server.ts` as deployed (`NODE_ENV=production`, `CL_BASE_URL` and the gateway's credential
 * set) in its own process, over an in-process emulator whose request log counts upstream
 * requests. Resolves once the gateway listens.
 */
export async function startDeployed(
  options: {
    /** Extra settings; a function receives the emulator (to register webhooks before start). */
    env?: Record<string, string> | ((emulator: RunningEmulator) => Record<string, string>);
    emulator?: EmulatorOptions;
  } = {},
): Promise<DeployedGateway> {
  const emulator = await createEmulator({
    port: 0,
    customers: 10,
    rateLimit: false,
    ...options.emulator,
  });
  const extraEnv = typeof options.env === 'function' ? options.env(emulator) : options.env;
  const child: ChildProcess = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_JWKS_URL: emulator.jwksUrl,
      CL_ORGANIZATION: emulator.organization.slug,
      CL_CLIENT_ID: emulator.credentials.integration.clientId,
      CL_CLIENT_SECRET: emulator.credentials.integration.clientSecret,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  const metricsOff = extraEnv?.METRICS === 'off' || extraEnv?.METRICS === 'false';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output);
      // The banner is written at once: the metrics line comes with it.
      if (match?.[1] && (metricsOff || output.includes('Metrics: '))) {
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onData(chunk);
    });
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  }).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  const token = async (body: Record<string, string>) => {
    const response = await fetch(emulator.authUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { access_token?: string };
    if (!json.access_token) {
      throw new Error(`no token: ${JSON.stringify(json)}`);
    }
    return json.access_token;
  };
  const { integration, salesChannel, customer } = emulator.credentials;
  const integrationToken = () =>
    token({
      grant_type: 'client_credentials',
      client_id: integration.clientId,
      client_secret: integration.clientSecret,
    });
  return {
    emulator,
    url,
    graphqlUrl: `${url}/graphql`,
    metricsUrl: /Metrics: (http:\/\/\S+)/.exec(output)?.[1],
    output: () => output,
    stdout: () => stdout,
    logs: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    upstreamSince: (since) => emulator.requestLog.count({ since, pathPrefix: '/api/' }),
    mark: () => emulator.requestLog.lastSeq,
    upstreamRequests: (since = 0) => emulator.requestLog.count({ since }),
    grant: token,
    token: integrationToken,
    integrationToken,
    salesChannelToken: () =>
      token({ grant_type: 'client_credentials', client_id: salesChannel.clientId }),
    customerToken: () =>
      token({
        grant_type: 'password',
        client_id: salesChannel.clientId,
        username: customer.email,
        password: customer.password,
      }),
    async post(query, postOptions = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...postOptions.headers },
        body: JSON.stringify({ query, variables: postOptions.variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GraphQLBody,
      };
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      child.kill('SIGKILL');
      await emulator.close();
    },
  };
}
