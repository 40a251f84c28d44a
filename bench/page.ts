/**
 * The CustomersPage upstream answer as fixed bytes, for the micro-benchmarks: captured once from
 * the emulator (the request the planned gateway sends, read from its request log), then served by
 * a plain node:http server in a child process (`servePage`), so only the measured side's CPU
 * counts in the measuring process.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTokenVerifier } from '../src/auth/verify.ts';
import { createEmulator, type RunningEmulator } from '../src/emulator/app.ts';
import { createUpstream } from '../src/upstream/client.ts';
import type { QueryParams } from '../src/upstream/types.ts';
import { createGateway } from '../src/yoga.ts';
import { SCENARIOS } from './scenarios.ts';

export interface CapturedPage {
  readonly bytes: Buffer;
  /** Below the API base, with its query string. */
  readonly pagePath: string;
  /** The same query as the client's QueryParams. */
  readonly query: QueryParams;
}

export async function capturePage(): Promise<CapturedPage> {
  // The real page: the request the planned gateway sends for CustomersPage (from the emulator's
  // request log), fetched once; then the emulator is closed and the child serves its bytes.
  const emulator = await createEmulator({ port: 0, customers: 50, rateLimit: false });
  const planner = createUpstream({
    baseUrl: emulator.apiUrl,
    authUrl: emulator.authUrl,
    clientId: emulator.credentials.integration.clientId,
    clientSecret: emulator.credentials.integration.clientSecret,
    timeoutMs: 10_000,
    deadlineMs: 25_000,
    retryLimit: 0,
    maxRetryAfterMs: 0,
  });
  const since = emulator.requestLog.lastSeq;
  const scenario = SCENARIOS.find((s) => s.name === 'CustomersPage')!;
  const answer = await createGateway({
    upstream: planner,
    auth: {
      verifier: createTokenVerifier({
        jwksUrl: emulator.jwksUrl,
        organization: emulator.organization.slug,
      }),
      anonymous: 'gateway-credential',
    },
  }).fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: scenario.query, variables: { first: 25 } }),
  });
  if (!answer.ok) {
    throw new Error(`CustomersPage failed: ${answer.status}`);
  }
  const [planned] = emulator.requestLog.entries({ since, pathPrefix: '/api/' });
  const pagePath = `${planned!.path.replace(/^\/api\//, '')}?${new URLSearchParams(planned!.query)}`;
  const page = Buffer.from(
    await (
      await fetch(`${emulator.apiUrl}/${pagePath}`, {
        headers: {
          authorization: `Bearer ${await bearerOf(emulator)}`,
          accept: 'application/vnd.api+json',
        },
      })
    ).arrayBuffer(),
  );
  planner.close();
  await emulator.close();

  return { bytes: page, pagePath, query: queryParamsOf(planned!.query) };
}

/** Serves `page` on every request from a child process; resolves with the API base URL. */
export async function servePage(page: Buffer): Promise<{ base: string; close(): void }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.send({ page: page.toString('base64') });
  });
  return { base: `http://127.0.0.1:${port}/api`, close: () => child.disconnect() };
}

async function bearerOf(emulator: RunningEmulator): Promise<string> {
  const response = await fetch(emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: emulator.credentials.integration.clientId,
      client_secret: emulator.credentials.integration.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** `include=a,b&fields[customers]=x,y&page[size]=25&sort=…` back into the client's QueryParams. */
function queryParamsOf(raw: Readonly<Record<string, string>>): QueryParams {
  const query: Record<string, unknown> = {};
  const fields: Record<string, string[]> = {};
  const page: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = /^fields\[(.+)\]$/.exec(key);
    const pageKey = /^page\[(.+)\]$/.exec(key);
    if (field) {
      fields[field[1]!] = value.split(',');
    } else if (pageKey) {
      page[pageKey[1]!] = Number(value);
    } else if (key === 'include' || key === 'sort') {
      query[key] = value.split(',');
    } else {
      throw new Error(`unexpected query parameter ${key}`);
    }
  }
  return {
    ...query,
    fields,
    ...(page.size ? { page: { number: page.number ?? 1, size: page.size } } : {}),
  } as QueryParams;
}

if (process.argv.includes('--serve')) {
  // Child: answer every request with the page's bytes.
  let body = Buffer.alloc(0);
  process.once('message', (message: { page: string }) => {
    body = Buffer.from(message.page, 'base64');
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/vnd.api+json',
        'content-length': body.length,
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '99',
        'x-ratelimit-interval': '60',
      });
      res.end(body);
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => {
      process.send?.({ port: (server.address() as AddressInfo).port });
    });
    process.once('disconnect', () => server.close(() => process.exit(0)));
  });
}
