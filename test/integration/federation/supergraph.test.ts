import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LoyaltySubgraph,
  pointsOf,
  startLoyaltySubgraph,
  tierOf,
} from '../../../examples/supergraph/loyalty-subgraph.ts';
import { createMemoryDedup } from '../../../src/live/dedup.ts';
import { createMemoryBus } from '../../../src/live/fanout.ts';
import { signBody } from '../../../src/live/signature.ts';
import { createGateway } from '../../../src/yoga.ts';
import { emulatorAuth, emulatorToken } from '../../helpers/auth.ts';
import { subscribe } from '../../helpers/sse.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

interface CustomerRow {
  id: string;
  email: string;
  loyaltyPoints: number;
  tier: string;
  customerGroup: { name: string } | null;
}

let stack: TestStack;
let loyalty: LoyaltySubgraph;
let customersServer: Server;
let supergraph: ReturnType<typeof createGatewayRuntime>;
let supergraphSdl: string;
let customersBase: string;
const WEBHOOK_SECRET = 'supergraph-test-secret';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/** Runs an operation through the supergraph and counts the emulator's `/api/*` requests. */
async function query<T>(document: string, variables?: Record<string, unknown>) {
  const since = stack.emulator.requestLog.lastSeq;
  const response = await supergraph.fetch('http://supergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  const upstreamRequests = stack.emulator.requestLog.count({ since, pathPrefix: '/api/' });
  return { ...body, upstreamRequests };
}

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 60 } });
  loyalty = await startLoyaltySubgraph();
  customersServer = createServer(
    createGateway({
      upstream: stack.upstream,
      auth: emulatorAuth(stack.emulator),
      live: {
        bus: createMemoryBus(),
        dedup: createMemoryDedup(),
        secrets: () => [WEBHOOK_SECRET],
        maxBodyBytes: 1_048_576,
        dedupWindowMs: 60_000,
      },
    }),
  );
  const customersUrl = await listen(customersServer);
  customersBase = customersUrl.replace(/\/graphql$/, '');
  // The committed subgraph SDL is what composes: the same text `_service { sdl }` serves.
  const customersSdl = await readFile(new URL('../../../schema/schema.graphql', import.meta.url), {
    encoding: 'utf8',
  });
  const composed = composeServices([
    { name: 'customers', typeDefs: parse(customersSdl), url: customersUrl },
    { name: 'loyalty', typeDefs: parse(loyalty.sdl), url: loyalty.url },
  ]);
  if (compositionHasErrors(composed)) {
    throw new Error(composed.errors.map((error) => error.message).join('\n'));
  }
  supergraphSdl = composed.supergraphSdl;
  supergraph = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    // The caller's token reaches the subgraph, which authorizes it (and subscriptions arrive as
    // GET, which the subgraph's CSRF check accepts with an Authorization header).
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => {
        const authorization = request.headers.get('authorization');
        return authorization ? { authorization } : {};
      },
    },
  });
});

afterAll(async () => {
  await supergraph?.dispose();
  customersServer?.closeAllConnections();
  await new Promise((resolve) => customersServer?.close(resolve));
  await loyalty?.close();
  await stack?.close();
});

describe('supergraph: customers + loyalty subgraphs', () => {
  it('composes the committed subgraph SDL with two entity keys on Customer', () => {
    expect(supergraphSdl).toContain('@join__type(graph: CUSTOMERS, key: "id")');
    expect(supergraphSdl).toContain('@join__type(graph: CUSTOMERS, key: "email")');
    expect(supergraphSdl).toContain('@join__type(graph: LOYALTY, key: "id")');
  });

  it('serves 30 customers with loyalty fields in one operation: 2 upstream pages, 1 entity call', async () => {
    loyalty.entityCalls.length = 0;
    const result = await query<{ customers: { nodes: CustomerRow[] } }>(`{
      customers(first: 30) {
        nodes { id email loyaltyPoints tier customerGroup { name } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.customers!.nodes;
    expect(nodes).toHaveLength(30);
    for (const node of nodes) {
      expect(node.email).toContain('@');
      expect(node.loyaltyPoints).toBe(pointsOf(node.id));
      expect(node.tier).toBe(tierOf(pointsOf(node.id)));
    }
    // 30 customers = pages of 25 (group included in each): 2 requests to Commerce Layer.
    expect(result.upstreamRequests).toBe(2);
    expect(loyalty.entityCalls).toHaveLength(1);
    expect(loyalty.entityCalls[0]).toHaveLength(30);
  });

  it('resolves 50 customers the loyalty subgraph names through _entities in 2 upstream requests, in order', async () => {
    const ids = await query<{ customers: { nodes: { id: string }[] } }>(
      '{ customers(first: 50, reverse: true) { nodes { id } } }',
    );
    const top = ids.data!.customers!.nodes.map((node) => node.id);
    expect(top).toHaveLength(50);
    loyalty.setTopCustomers(top);
    const result = await query<{ topLoyaltyCustomers: CustomerRow[] }>(`{
      topLoyaltyCustomers { id tier loyaltyPoints email customerGroup { name } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.topLoyaltyCustomers.map((customer) => customer.id)).toEqual(top);
    for (const customer of result.data!.topLoyaltyCustomers) {
      expect(customer.email).toContain('@');
      expect(customer.loyaltyPoints).toBe(pointsOf(customer.id));
    }
    // 50 representations = 2 batches of 25 ids, each with the group included.
    expect(result.upstreamRequests).toBe(2);
  });

  it('resolves an unknown customer to null with an error, keeping the others', async () => {
    const known = await query<{ customers: { nodes: { id: string }[] } }>(
      '{ customers(first: 2) { nodes { id } } }',
    );
    const [first, second] = known.data!.customers!.nodes.map((node) => node.id);
    const missing = Buffer.from('Customer:NoSuchId1').toString('base64');
    loyalty.setTopCustomers([first!, missing, second!]);
    const result = await query<{ topLoyaltyCustomers: ({ id: string; email: string } | null)[] }>(
      '{ topLoyaltyCustomers { id email } }',
    );
    // `email` is non-null, so the unknown customer nulls its list item; the others resolve.
    expect(result.data?.topLoyaltyCustomers.map((customer) => customer?.id ?? null)).toEqual([
      first,
      null,
      second,
    ]);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.upstreamRequests).toBe(1);
  });

  it('composes the subscription fields and serves customerChanged end to end, loyalty fields included', async () => {
    expect(supergraphSdl).toMatch(
      /type Subscription @join__type\(graph: CUSTOMERS\) \{[^}]*customerChanged\([^)]*id: ID!\): Customer!/,
    );
    expect(supergraphSdl).toMatch(
      /type Subscription @join__type\(graph: CUSTOMERS\) \{[^}]*customerEvents\([^}]*where: CustomerEventsWhere\): CustomerEvent!/,
    );
    const known = await query<{ customers: { nodes: { id: string }[] } }>(
      '{ customers(first: 1) { nodes { id } } }',
    );
    const id = known.data!.customers!.nodes[0]!.id;
    const rawId = Buffer.from(id, 'base64').toString().split(':')[1] as string;
    const subscription = await subscribe(
      'http://supergraph/graphql',
      'subscription($id: ID!) { customerChanged(id: $id) { id reference loyaltyPoints } }',
      {
        variables: { id },
        headers: {
          authorization: `Bearer ${await emulatorToken(stack.emulator, 'integration')}`,
        },
        fetch: (url, init) => Promise.resolve(supergraph.fetch(url, init)),
      },
    );
    expect(subscription.status).toBe(200);
    const body = JSON.stringify({
      data: {
        id: rawId,
        type: 'customers',
        attributes: { email: 'supergraph@mail.test', reference: 'via-supergraph' },
        relationships: {},
      },
    });
    // The subgraph subscribes when the supergraph's stream is first read: retry until it hears.
    for (let attempt = 0; attempt < 20 && subscription.events.length === 0; attempt += 1) {
      const answer = await fetch(`${customersBase}/webhooks/commercelayer`, {
        method: 'POST',
        headers: {
          'x-commercelayer-topic': 'customers.update',
          'x-commercelayer-signature': signBody(`${body}${' '.repeat(attempt)}`, WEBHOOK_SECRET),
        },
        body: `${body}${' '.repeat(attempt)}`,
      });
      expect(answer.status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await subscription.waitFor(1);
    subscription.close();
    expect(subscription.events[0]).toEqual({
      data: { customerChanged: { id, reference: 'via-supergraph', loyaltyPoints: pointsOf(id) } },
    });
  });
});

describe('npm run supergraph (examples/supergraph/run.ts)', () => {
  it('composes, serves with Hive Gateway and answers the cross-subgraph query', async () => {
    const child = spawn(
      'node_modules/.bin/tsx',
      ['examples/supergraph/run.ts', '--once', '--port', '0'],
      {
        cwd: new URL('../../../', import.meta.url),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    const answer = JSON.parse(output.slice(output.indexOf('Answer:\n') + 'Answer:\n'.length)) as {
      data: { customers: { nodes: { email: string; loyaltyPoints: number; tier: string }[] } };
      errors?: unknown;
    };
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customers.nodes).toHaveLength(3);
    for (const node of answer.data.customers.nodes) {
      expect(node.email).toContain('@');
      expect(node.loyaltyPoints).toEqual(expect.any(Number));
      expect(['BRONZE', 'SILVER', 'GOLD']).toContain(node.tier);
    }
  }, 120_000);
});
