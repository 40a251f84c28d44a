/**
 * The gateway in its own process for the benchmarks, as `src/server.ts` builds it (same upstream
 * settings, default plugins, silent logger), listening on a real port: `/graphql` plans selections,
 * `/naive/graphql` loads field by field (for the upstream request counts). Answers `stats`,
 * `resetPeak` and `gc` over IPC, so CPU time and RSS are this process's alone.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUpstream } from '../src/upstream/client.ts';
import { createGateway } from '../src/yoga.ts';
import { createStatsSampler, serve } from './ipc.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const upstream = createUpstream({
  baseUrl: env('BENCH_API_URL'),
  authUrl: env('BENCH_AUTH_URL'),
  clientId: env('BENCH_CLIENT_ID'),
  clientSecret: env('BENCH_CLIENT_SECRET'),
  // src/config.ts defaults.
  timeoutMs: 10_000,
  deadlineMs: 25_000,
  retryLimit: 2,
  maxRetryAfterMs: 10_000,
});
const planned = createGateway({ upstream, planning: true });
const naive = createGateway({ upstream, planning: false, graphqlEndpoint: '/naive/graphql' });
const server = createServer((request, response) => {
  if (request.url?.startsWith('/naive/')) {
    void naive(request, response);
  } else {
    void planned(request, response);
  }
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const sampler = createStatsSampler();

serve((type) => {
  switch (type) {
    case 'stats':
      return sampler.stats();
    case 'resetPeak':
      sampler.resetPeak();
      return sampler.stats();
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      return sampler.stats();
    default:
      throw new Error(`unknown request ${type}`);
  }
});

process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });

process.once('disconnect', () => {
  server.close();
  server.closeAllConnections();
  upstream.close();
  process.exit(0);
});
