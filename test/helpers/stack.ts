import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import {
  createEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/app.ts';
import {
  createUpstream,
  type UpstreamClient,
  type UpstreamConfig,
} from '../../src/upstream/client.ts';
import { createGateway } from '../../src/yoga.ts';
import { emulatorAuth } from './auth.ts';

export interface ExecuteOptions {
  /** Query planning on (default) or off (plain per-field loading). */
  readonly planning?: boolean;
  readonly headers?: Record<string, string>;
}

export interface ExecuteResult<TData> extends ExecutionResult<TData> {
  /** `/api/*` requests the emulator served for this operation (token requests excluded). */
  readonly upstreamRequests: number;
  readonly status: number;
}

export interface TestStack {
  readonly emulator: RunningEmulator;
  readonly upstream: UpstreamClient;
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    options?: ExecuteOptions,
  ): Promise<ExecuteResult<TData>>;
  /** An access token minted by the emulator for its integration credential. */
  integrationToken(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real stack over real HTTP: the emulator on a free port, the got upstream client, and the
 * yoga gateway called in process (`yoga.fetch`), once with planning on and once off.
 */
export async function createTestStack(
  options: { emulator?: EmulatorOptions; upstream?: Partial<UpstreamConfig> } = {},
): Promise<TestStack> {
  const emulator = await createEmulator({
    port: 0,
    customers: 60,
    rateLimit: false,
    ...options.emulator,
  });
  const upstream = createUpstream({
    baseUrl: emulator.apiUrl,
    authUrl: emulator.authUrl,
    clientId: emulator.credentials.integration.clientId,
    clientSecret: emulator.credentials.integration.clientSecret,
    timeoutMs: 2_000,
    deadlineMs: 5_000,
    retryLimit: 2,
    maxRetryAfterMs: 1_000,
    retryBackoffMs: 5,
    ...options.upstream,
  });
  const planned = createGateway({ upstream, planning: true, auth: emulatorAuth(emulator) });
  const unplanned = createGateway({ upstream, planning: false, auth: emulatorAuth(emulator) });

  return {
    emulator,
    upstream,
    async execute(document, variables, executeOptions = {}) {
      const gateway = executeOptions.planning === false ? unplanned : planned;
      const since = emulator.requestLog.lastSeq;
      const response = await gateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...executeOptions.headers },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const body = (await response.json()) as ExecutionResult<never>;
      const upstreamRequests = emulator.requestLog.count({ since, pathPrefix: '/api/' });
      return { ...body, upstreamRequests, status: response.status };
    },
    async integrationToken() {
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
    async close() {
      upstream.close();
      await emulator.close();
    },
  };
}
