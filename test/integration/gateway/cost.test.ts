import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryCost } from '../../../src/plugins/use-cost.ts';
import { createGateway } from '../../../src/yoga.ts';
import {
  CustomerCreateDocument,
  CustomerEverythingDocument,
  CustomerIdsDocument,
  CustomerMetadataMergeDocument,
  CustomersPageDocument,
  CustomersWithOrdersDocument,
  CustomerTagsAddDocument,
  CustomerTagsRemoveDocument,
  NodesLookupDocument,
} from '../../__generated__/graphql.ts';
import { emulatorAuth } from '../../helpers/auth.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
let limited: ReturnType<typeof createGateway>;

beforeAll(async () => {
  // Rate limits on, so that the emulator's X-Ratelimit-* headers count down.
  stack = await createTestStack({ emulator: { customers: 80, rateLimit: true } });
  limited = createGateway({
    upstream: stack.upstream,
    maxQueryCost: 25,
    auth: emulatorAuth(stack.emulator),
  });
});

afterAll(async () => {
  await stack.close();
});

const costOf = (result: { extensions?: Record<string, unknown> | undefined }) =>
  result.extensions?.cost as QueryCost;

/** Runs a document on the gateway with MAX_QUERY_COST = 25, counting emulator requests. */
async function runLimited<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables> | string,
  variables?: TVariables,
) {
  const since = stack.emulator.requestLog.lastSeq;
  const response = await limited.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: typeof document === 'string' ? document : print(document),
      variables,
    }),
  });
  const body = (await response.json()) as ExecutionResult<TData>;
  return {
    ...body,
    upstreamRequests: stack.emulator.requestLog.count({ since, pathPrefix: '/api/' }),
  };
}

describe('extensions.cost on the read API queries (planning on)', () => {
  it('predicts the upstream requests of the four read API queries, and reports what was spent', async () => {
    const ids = (
      await stack.execute(CustomerIdsDocument, { first: 50 })
    ).data!.customers!.edges.map((edge) => edge.node.id);
    const cases = [
      ['CustomersPage(first: 25)', await stack.execute(CustomersPageDocument, { first: 25 }), 1],
      ['NodesLookup(50 ids)', await stack.execute(NodesLookupDocument, { ids }), 2],
      ['CustomersWithOrders', await stack.execute(CustomersWithOrdersDocument), 1],
      ['CustomerEverything', await stack.execute(CustomerEverythingDocument, { id: ids[0]! }), 2],
    ] as const;
    for (const [name, result, expected] of cases) {
      expect(result.errors, name).toBeUndefined();
      const cost = costOf(result);
      expect(cost.requestedQueryCost, name).toBe(expected);
      expect(cost.actualQueryCost, name).toBe(result.upstreamRequests);
      expect(cost.actualQueryCost, name).toBeLessThanOrEqual(cost.requestedQueryCost);
      console.info(
        `${name}: requestedQueryCost ${cost.requestedQueryCost}, actualQueryCost ${cost.actualQueryCost}`,
      );
    }
  });

  it('predicts the naive cost when planning is off', async () => {
    const result = await stack.execute(CustomersPageDocument, { first: 5 }, { planning: false });
    const cost = costOf(result);
    // 1 page + per customer: group, tags, addresses (3 × 5) + per address its address (5 × 5).
    expect(cost.requestedQueryCost).toBe(1 + 15 + 25);
    expect(cost.actualQueryCost).toBe(result.upstreamRequests);
    expect(cost.actualQueryCost).toBeLessThanOrEqual(cost.requestedQueryCost);
    console.info(
      `CustomersPage(first: 5) unplanned: requestedQueryCost ${cost.requestedQueryCost}, actualQueryCost ${cost.actualQueryCost}`,
    );
  });

  it("mirrors Commerce Layer's X-Ratelimit-* headers in throttleStatus", async () => {
    const first = costOf(await stack.execute(CustomersPageDocument, { first: 3 }));
    const second = costOf(await stack.execute(CustomersPageDocument, { first: 3 }));
    // Test mode, uncacheable reads: 100 requests per 60 s.
    expect(first.throttleStatus).toMatchObject({ maximumAvailable: 100, restoreRate: 1.667 });
    expect(second.throttleStatus!.currentlyAvailable).toBe(
      first.throttleStatus!.currentlyAvailable - 1,
    );
  });

  it('carries a cost when the operation never runs (validation error)', async () => {
    const result = await runLimited('{ customers(first: 1) { noSuchField } }');
    expect(result.errors?.[0]?.message).toContain('noSuchField');
    expect(costOf(result)).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0 });
  });
});

describe('extensions.cost on mutations', () => {
  it('predicts 1 per write plus the reads a mutation makes first', async () => {
    const tags = (await runLimited('{ tags(first: 2) { nodes { name } } }')).data as {
      tags: { nodes: { name: string }[] };
    };
    const [tag] = tags.tags.nodes.map((node) => node.name);
    const created = await stack.execute(CustomerCreateDocument, {
      input: { email: `cost-${Date.now()}@example.com`, tags: [tag!] },
    });
    const id = created.data!.customerCreate.customer!.id;
    const cases = [
      // POST, after one tags lookup for the names.
      ['customerCreate with tags', created, 2],
      // PATCH _remove_tags.
      [
        'customerTagsRemove',
        await stack.execute(CustomerTagsRemoveDocument, { id, tags: [tag!] }),
        1,
      ],
      // GET the current tags, then PATCH _add_tags.
      ['customerTagsAdd', await stack.execute(CustomerTagsAddDocument, { id, tags: [tag!] }), 2],
      // GET to show the caller sees the customer, then under its lock GET the metadata and PATCH.
      [
        'customerMetadataMerge',
        await stack.execute(CustomerMetadataMergeDocument, { id, metadata: { tier: 'gold' } }),
        3,
      ],
    ] as const;
    for (const [name, result, expected] of cases) {
      expect(result.errors, name).toBeUndefined();
      const cost = costOf(result);
      expect(cost.requestedQueryCost, name).toBe(expected);
      expect(cost.actualQueryCost, name).toBe(result.upstreamRequests);
      expect(cost.actualQueryCost, name).toBe(expected);
    }
  });
});

describe('MAX_QUERY_COST', () => {
  it('refuses an operation predicted above the maximum before any upstream call', async () => {
    const result = await runLimited(
      '{ customers(first: 30) { nodes { email eventStores(first: 5) { nodes { event } } } } }',
    );
    expect(result.upstreamRequests).toBe(0);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'QUERY_TOO_EXPENSIVE',
      requestedQueryCost: 2 + 30,
      maximumQueryCost: 25,
    });
    expect(costOf(result)).toMatchObject({
      requestedQueryCost: 32,
      actualQueryCost: 0,
      maximumQueryCost: 25,
    });
  });

  it('runs an operation at the maximum', async () => {
    const result = await runLimited(
      '{ customers(first: 24) { nodes { email eventStores(first: 5) { nodes { event } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(costOf(result).requestedQueryCost).toBe(25);
    expect(result.upstreamRequests).toBeLessThanOrEqual(25);
  });
});
