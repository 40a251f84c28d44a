import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerIdsDocument,
  CustomersPageDocument,
  CustomerWithEventStoresDocument,
  TwoBranchesDocument,
} from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
let ids: { id: string; clId: string }[];

async function token(body: Record<string, string>): Promise<string> {
  const response = await fetch(stack.emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  stack = await createTestStack({
    emulator: { customers: 30 },
    upstream: { timeoutMs: 250, deadlineMs: 2_000, retryLimit: 2, maxRetryAfterMs: 1_000 },
  });
  const result = await stack.execute(CustomerIdsDocument, { first: 5 });
  ids = result.data!.customers!.edges.map((e) => e.node);
});

afterEach(() => {
  stack.emulator.faults.clear();
});

afterAll(async () => {
  await stack.close();
});

describe('error codes', () => {
  it('answers a missing customer with null and NOT_FOUND on its path, keeping other branches', async () => {
    const result = await stack.execute(TwoBranchesDocument, {
      id: ids[0]!.id,
      missing: 'nOpEnOpE00',
    });
    expect(result.data!.customers!.nodes).toHaveLength(3);
    expect(result.data!.found).not.toBeNull();
    expect(result.data!.missing).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['missing']);
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses an unverifiable caller token with UNAUTHENTICATED and HTTP 401, before any upstream request', async () => {
    const result = await stack.execute(
      CustomersPageDocument,
      { first: 2 },
      {
        headers: { authorization: 'Bearer not-a-token' },
      },
    );
    expect(result.status).toBe(401);
    expect(result.data).toBeUndefined();
    const error = result.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'malformed' });
    expect(result.upstreamRequests).toBe(0);
    expect(JSON.stringify(result)).not.toContain('not-a-token');
  });

  it('maps what a guest sales-channel token may not read to FORBIDDEN', async () => {
    const guest = await token({
      grant_type: 'client_credentials',
      client_id: stack.emulator.credentials.salesChannel.clientId,
    });
    const result = await stack.execute(
      CustomersPageDocument,
      { first: 2 },
      {
        headers: { authorization: `Bearer ${guest}` },
      },
    );
    expect(result.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(result.errors![0]!.extensions!.upstream).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
  });

  it('forwards a customer token: the customer sees only themselves', async () => {
    const { email, password } = stack.emulator.credentials.customer;
    const customerToken = await token({
      grant_type: 'password',
      client_id: stack.emulator.credentials.salesChannel.clientId,
      username: email,
      password,
    });
    const result = await stack.execute(
      CustomersPageDocument,
      { first: 25 },
      {
        headers: { authorization: `Bearer ${customerToken}` },
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes.map((n) => n.email)).toEqual([email]);
  });

  it('answers RATE_LIMITED with retryAfter when Retry-After exceeds what the gateway waits', async () => {
    stack.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 30, count: 5 });
    const result = await stack.execute(CustomersPageDocument, { first: 2 });
    expect(result.data).toEqual({ customers: null });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    expect(result.upstreamRequests).toBe(1);
  });

  it('retries a GET through a short 429 burst within the deadline', async () => {
    stack.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 0, count: 1 });
    const result = await stack.execute(CustomersPageDocument, { first: 2 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes).toHaveLength(2);
    expect(result.upstreamRequests).toBe(2);
  });

  it('answers UPSTREAM_UNAVAILABLE after retrying 503s, with no internals in the message', async () => {
    stack.emulator.faults.add({ kind: 'error', status: 503, count: 10 });
    const result = await stack.execute(CustomersPageDocument, { first: 2 });
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: { status: 503 },
    });
    expect(result.upstreamRequests).toBe(3);
    expect(result.errors![0]!.message).not.toMatch(/127\.0\.0\.1|stack|got/i);
  });

  it('answers UPSTREAM_TIMEOUT when the upstream holds the request', async () => {
    stack.emulator.faults.add({ kind: 'timeout', holdMs: 1_500, count: 3 });
    const result = await stack.execute(CustomersPageDocument, { first: 2 });
    expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('nulls only the failing relationship when its own upstream request fails', async () => {
    const target = ids[1]!;
    stack.emulator.faults.add({
      kind: 'error',
      status: 500,
      pathPrefix: `/api/customers/${target.clId}/event_stores`,
    });
    const result = await stack.execute(CustomerWithEventStoresDocument, { id: target.id });
    expect(result.data!.customer!.email).toMatch(/@/);
    expect(result.data!.customer!.eventStores).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['customer', 'eventStores']);
    expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('masks unexpected errors and never leaks the upstream URL', async () => {
    stack.emulator.faults.add({ kind: 'malformed', count: 5 });
    const result = await stack.execute(CustomersPageDocument, { first: 2 });
    expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(JSON.stringify(result.errors)).not.toContain(stack.emulator.url);
  });
});
