import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerAddressesPageDocument,
  CustomerIdsDocument,
  CustomersBackwardsDocument,
  CustomersSortedDocument,
} from '../../__generated__/graphql.ts';
import { fetchAll } from '../../helpers/direct.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
/** Every customer id in the gateway's default order (created_at, then id), read directly. */
let expectedOrder: string[];

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 80 } });
  expectedOrder = (await fetchAll(stack, 'customers', { sort: 'created_at,id' })).map((c) => c.id);
});

afterAll(async () => {
  await stack.close();
});

describe('customers connection', () => {
  it('walks every customer forward with opaque cursors, one upstream request per page', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const result = await stack.execute(CustomerIdsDocument, { first: 7, after });
      expect(result.errors).toBeUndefined();
      expect(result.upstreamRequests).toBe(1);
      const connection = result.data!.customers!;
      expect(connection.totalCount).toBe(80);
      seen.push(...connection.edges.map((edge) => edge.node.clId));
      pages++;
      expect(connection.pageInfo.hasPreviousPage).toBe(pages > 1);
      if (!connection.pageInfo.hasNextPage) {
        break;
      }
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(80 / 7));
    expect(seen).toEqual(expectedOrder);
  });

  it('serves first: 60 from the three upstream pages that cover it', async () => {
    const result = await stack.execute(CustomerIdsDocument, { first: 60 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.edges.map((e) => e.node.clId)).toEqual(
      expectedOrder.slice(0, 60),
    );
    expect(result.upstreamRequests).toBe(3);
  });

  it('serves last without before in one request, and last with before as a window', async () => {
    const tail = await stack.execute(CustomersBackwardsDocument, { last: 5 });
    expect(tail.errors).toBeUndefined();
    expect(tail.upstreamRequests).toBe(1);
    expect(tail.data!.customers!.nodes.map((n) => n.clId)).toEqual(expectedOrder.slice(-5));
    expect(tail.data!.customers!.pageInfo.hasNextPage).toBe(false);
    expect(tail.data!.customers!.pageInfo.hasPreviousPage).toBe(true);

    const before = tail.data!.customers!.pageInfo.startCursor;
    const window = await stack.execute(CustomersBackwardsDocument, { last: 10, before });
    expect(window.errors).toBeUndefined();
    expect(window.data!.customers!.nodes.map((n) => n.clId)).toEqual(expectedOrder.slice(-15, -5));
  });

  it('refuses a cursor reused with another sort order, before any upstream request', async () => {
    const sorted = await stack.execute(CustomersSortedDocument, { sortKey: 'EMAIL', first: 5 });
    const cursor = sorted.data!.customers!.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    const reused = await stack.execute(CustomerIdsDocument, { first: 5, after: cursor });
    expect(reused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reused.errors?.[0]?.message).toMatch(/different filter or sort/);
    expect(reused.upstreamRequests).toBe(0);
  });

  it('refuses forged cursors and sizes over 100 with BAD_USER_INPUT', async () => {
    const forged = await stack.execute(CustomerIdsDocument, { first: 5, after: 'not-a-cursor' });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await stack.execute(CustomerIdsDocument, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(forged.upstreamRequests + tooMany.upstreamRequests).toBe(0);
  });

  it('sorts by every key in both directions with stable tie-breaking', async () => {
    const direct = await fetchAll(stack, 'customers', { sort: '-email,-id' });
    const result = await stack.execute(CustomersSortedDocument, {
      sortKey: 'EMAIL',
      reverse: true,
      first: 80,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes.map((n) => n.clId)).toEqual(direct.map((c) => c.id));
  });
});

describe('relationship connections', () => {
  it('pages an included to-many relationship in memory with the same cursors semantics', async () => {
    const customers = await fetchAll(stack, 'customers', { include: 'customer_addresses' });
    const owner = customers.find(
      (c) => ((c.relationships.customer_addresses as unknown[] | undefined)?.length ?? 0) >= 2,
    );
    expect(owner).toBeDefined();
    const all = (owner!.relationships.customer_addresses as readonly { id: string }[]).map(
      (a) => a.id,
    );
    for (const planning of [true, false]) {
      const first = await stack.execute(
        CustomerAddressesPageDocument,
        { id: owner!.id, first: 1 },
        { planning },
      );
      expect(first.errors).toBeUndefined();
      const connection = first.data!.customer!.addresses!;
      expect(connection.totalCount).toBe(all.length);
      expect(connection.edges.map((e) => e.node.clId)).toEqual(all.slice(0, 1));
      expect(connection.pageInfo.hasNextPage).toBe(true);
      const rest = await stack.execute(
        CustomerAddressesPageDocument,
        { id: owner!.id, first: 10, after: connection.edges[0]!.cursor },
        { planning },
      );
      expect(rest.data!.customer!.addresses!.edges.map((e) => e.node.clId)).toEqual(all.slice(1));
      const last = await stack.execute(
        CustomerAddressesPageDocument,
        { id: owner!.id, last: 1 },
        { planning },
      );
      expect(last.data!.customer!.addresses!.edges.map((e) => e.node.clId)).toEqual(all.slice(-1));
    }
  });
});
