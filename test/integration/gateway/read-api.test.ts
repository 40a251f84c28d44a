import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerEverythingDocument,
  CustomerIdsDocument,
  CustomersPageDocument,
  CustomersWithOrdersDocument,
  NodesLookupDocument,
} from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 80 } });
});

afterAll(async () => {
  await stack.close();
});

/** Ids of customers, newest first, and one customer that has every relationship populated. */
async function customerIds(count: number): Promise<{ id: string; clId: string }[]> {
  const result = await stack.execute(CustomerIdsDocument, { first: count });
  expect(result.errors).toBeUndefined();
  return result.data!.customers!.edges.map((edge) => edge.node);
}

describe('upstream requests per query (planning on vs off)', () => {
  it('serves 25 customers with group, tags and addresses in exactly 1 upstream request', async () => {
    const planned = await stack.execute(CustomersPageDocument, { first: 25 });
    const naive = await stack.execute(CustomersPageDocument, { first: 25 }, { planning: false });
    expect(planned.errors).toBeUndefined();
    expect(planned.data!.customers!.nodes).toHaveLength(25);
    expect(planned.upstreamRequests).toBe(1);
    expect(naive.errors).toBeUndefined();
    expect(naive.data).toEqual(planned.data);
    expect(naive.upstreamRequests).toBeGreaterThan(planned.upstreamRequests);
    console.info(
      `customers(first: 25): planned ${planned.upstreamRequests}, naive ${naive.upstreamRequests}`,
    );
  });

  it('looks up 50 customers by global ID with their group in 2 upstream requests', async () => {
    const ids = (await customerIds(50)).map((c) => c.id);
    const planned = await stack.execute(NodesLookupDocument, { ids });
    const naive = await stack.execute(NodesLookupDocument, { ids }, { planning: false });
    expect(planned.errors).toBeUndefined();
    expect(planned.data!.nodes.map((node) => node?.id)).toEqual(ids);
    expect(planned.upstreamRequests).toBe(2);
    expect(naive.data).toEqual(planned.data);
    console.info(
      `nodes(50 ids): planned ${planned.upstreamRequests}, naive ${naive.upstreamRequests}`,
    );
  });

  it('serves 10 customers with 5 orders each in at most 2 upstream requests', async () => {
    const planned = await stack.execute(CustomersWithOrdersDocument);
    const naive = await stack.execute(CustomersWithOrdersDocument, undefined, { planning: false });
    expect(planned.errors).toBeUndefined();
    expect(planned.upstreamRequests).toBeLessThanOrEqual(2);
    const withOrders = planned.data!.customers!.nodes.filter((c) => c.orders!.nodes.length > 0);
    expect(withOrders.length).toBeGreaterThan(0);
    for (const customer of planned.data!.customers!.nodes) {
      expect(customer.orders!.nodes.length).toBeLessThanOrEqual(5);
    }
    expect(naive.data).toEqual(planned.data);
    console.info(
      `customers(first: 10) with orders: planned ${planned.upstreamRequests}, naive ${naive.upstreamRequests}`,
    );
  });

  it('serves one customer with every relationship in at most 3 upstream requests', async () => {
    const ids = await customerIds(80);
    // The customer with the most orders is the one most likely to have every relationship.
    let best = { id: ids[0]!.id, score: -1 };
    for (const { id } of ids.slice(0, 30)) {
      const result = await stack.execute(CustomerEverythingDocument, { id });
      const c = result.data!.customer!;
      const score =
        c.orders!.totalCount + c.addresses!.totalCount + c.tags!.length + (c.customerGroup ? 1 : 0);
      if (score > best.score) {
        best = { id, score };
      }
    }
    const planned = await stack.execute(CustomerEverythingDocument, { id: best.id });
    const naive = await stack.execute(
      CustomerEverythingDocument,
      { id: best.id },
      { planning: false },
    );
    expect(planned.errors).toBeUndefined();
    expect(planned.data!.customer!.orders!.totalCount).toBeGreaterThan(0);
    expect(planned.upstreamRequests).toBeLessThanOrEqual(3);
    expect(naive.errors).toBeUndefined();
    expect(naive.data).toEqual(planned.data);
    console.info(
      `customer(id) with every relationship: planned ${planned.upstreamRequests}, naive ${naive.upstreamRequests}`,
    );
  });
});
