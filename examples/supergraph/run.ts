/**
 * `npm run supergraph`: this gateway as an Apollo Federation v2 subgraph in a supergraph, end to
 * end on one machine:
 *
 * 1. the embedded Commerce Layer emulator, and this gateway (the `customers` subgraph) over it;
 * 2. a tiny second subgraph, `loyalty` (./loyalty-subgraph.ts), which adds `loyaltyPoints` and
 *    `tier` to the `Customer` entity;
 * 3. both SDLs composed into a supergraph with @theguild/federation-composition (MIT);
 * 4. the supergraph served by Hive Gateway (@graphql-hive/gateway-runtime, MIT);
 * 5. one query that needs both subgraphs, printed with its answer.
 *
 * `npm run supergraph` keeps the supergraph serving until Ctrl-C (`--port N`, default 4100);
 * `npm run supergraph -- --once` exits after the query.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { createTokenVerifier } from '../../src/auth/verify.ts';
import { createEmulator } from '../../src/emulator/app.ts';
import { createUpstream } from '../../src/upstream/client.ts';
import { createGateway } from '../../src/yoga.ts';
import { startLoyaltySubgraph } from './loyalty-subgraph.ts';

/** Customers from the customers subgraph, loyalty fields from the loyalty subgraph. */
export const CROSS_SUBGRAPH_QUERY = /* GraphQL */ `
  query CustomersWithLoyalty {
    customers(first: 3) {
      nodes {
        email
        customerGroup {
          name
        }
        loyaltyPoints
        tier
      }
    }
  }
`;

export interface RunningSupergraph {
  /** The supergraph's GraphQL endpoint. */
  readonly url: string;
  readonly supergraphSdl: string;
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts the emulator, both subgraphs and the supergraph (port 0: any free port). */
export async function startSupergraph(options: { port?: number } = {}): Promise<RunningSupergraph> {
  const emulator = await createEmulator({ port: 0, customers: 20, rateLimit: false });
  const upstream = createUpstream({
    baseUrl: emulator.apiUrl,
    authUrl: emulator.authUrl,
    clientId: emulator.credentials.integration.clientId,
    clientSecret: emulator.credentials.integration.clientSecret,
    timeoutMs: 5_000,
    deadlineMs: 10_000,
    retryLimit: 1,
    maxRetryAfterMs: 1_000,
  });
  // The embedded-emulator policy: callers' tokens verified against the emulator's key set, and
  // token-less requests (the router's, in this demo) run with its demo integration credential.
  const auth = {
    verifier: createTokenVerifier({
      jwksUrl: emulator.jwksUrl,
      organization: emulator.organization.slug,
    }),
    anonymous: 'gateway-credential' as const,
  };
  const customersServer = createServer(createGateway({ upstream, auth }));
  const customersUrl = await listen(customersServer, 0);
  const loyalty = await startLoyaltySubgraph();

  // The committed subgraph SDL: the same text the customers subgraph serves as `_service { sdl }`.
  const customersSdl = await readFile(new URL('../../schema/schema.graphql', import.meta.url), {
    encoding: 'utf8',
  });
  const composed = composeServices([
    { name: 'customers', typeDefs: parse(customersSdl), url: customersUrl },
    { name: 'loyalty', typeDefs: parse(loyalty.sdl), url: loyalty.url },
  ]);
  if (compositionHasErrors(composed)) {
    throw new Error(composed.errors.map((error) => error.message).join('\n'));
  }
  const runtime = createGatewayRuntime({ supergraph: composed.supergraphSdl, logging: false });
  const supergraphServer = createServer(runtime);
  const url = await listen(supergraphServer, options.port ?? 4100);
  return {
    url,
    supergraphSdl: composed.supergraphSdl,
    async close() {
      await stop(supergraphServer);
      await runtime.dispose();
      await loyalty.close();
      await stop(customersServer);
      upstream.close();
      await emulator.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, once: { type: 'boolean' } },
    strict: true,
  });
  const supergraph = await startSupergraph({ port: Number(values.port ?? 4100) });
  const response = await fetch(supergraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: CROSS_SUBGRAPH_QUERY }),
  });
  const result = await response.json();
  process.stdout.write(
    `Supergraph (customers + loyalty) at ${supergraph.url}\n\nQuery:${CROSS_SUBGRAPH_QUERY}\nAnswer:\n${JSON.stringify(result, null, 2)}\n`,
  );
  if (values.once) {
    await supergraph.close();
    return;
  }
  process.stdout.write('\nServing until Ctrl-C.\n');
  const shutdown = () => {
    supergraph.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
