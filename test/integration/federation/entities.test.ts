import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerIdsDocument } from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

interface EntityRow {
  __typename: string;
  id: string;
  email?: string;
  customerGroup?: { name: string } | null;
}

const Entities: TypedDocumentNode<
  { _entities: (EntityRow | null)[] },
  { representations: Record<string, unknown>[] }
> = parse(/* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on Customer {
        id
        email
        customerGroup {
          name
        }
      }
      ... on CustomerGroup {
        id
        name
      }
    }
  }
`);

const Service: TypedDocumentNode<{ _service: { sdl: string } }, Record<string, never>> = parse(
  '{ _service { sdl } }',
);

let stack: TestStack;
let customers: { id: string; clId: string; email: string }[];

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 60 } });
  const result = await stack.execute(CustomerIdsDocument, { first: 50 });
  customers = result.data!.customers!.edges.map((edge) => edge.node);
});

afterAll(async () => {
  await stack.close();
});

const byId = (id: string) => ({ __typename: 'Customer', id });

describe('_entities', () => {
  it('resolves 50 customers by global ID in 2 upstream requests, in the order asked', async () => {
    const representations = [...customers].reverse().map((c) => byId(c.id));
    const result = await stack.execute(Entities, { representations });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((entity) => entity?.id)).toEqual(
      representations.map((r) => r.id),
    );
    expect(result.data!._entities.every((entity) => entity?.email?.includes('@'))).toBe(true);
    expect(result.upstreamRequests).toBe(2);
  });

  it('resolves 25 customers in 1 upstream request and accepts a raw Commerce Layer id', async () => {
    const representations = customers
      .slice(0, 25)
      .map((c, i) => (i === 0 ? byId(c.clId) : byId(c.id)));
    const result = await stack.execute(Entities, { representations });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((entity) => entity?.email)).toEqual(
      customers.slice(0, 25).map((c) => c.email),
    );
    expect(result.upstreamRequests).toBe(1);
  });

  it('resolves customers keyed by email through email_in batches of 25', async () => {
    const representations = customers.map((c) => ({ __typename: 'Customer', email: c.email }));
    const result = await stack.execute(Entities, { representations });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((entity) => entity?.id)).toEqual(customers.map((c) => c.id));
    expect(result.upstreamRequests).toBe(2);
  });

  it('resolves an unknown customer to null with a NOT_FOUND error at its index', async () => {
    const missing = Buffer.from('Customer:NoSuchId1').toString('base64');
    const representations = [
      byId(customers[0]!.id),
      byId(missing),
      { __typename: 'Customer', email: 'nobody@example.invalid' },
      byId(customers[1]!.id),
    ];
    const result = await stack.execute(Entities, { representations });
    expect(result.status).toBe(200);
    expect(result.data!._entities.map((entity) => entity?.id ?? null)).toEqual([
      customers[0]!.id,
      null,
      null,
      customers[1]!.id,
    ]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1], 'NOT_FOUND'],
      [['_entities', 2], 'NOT_FOUND'],
    ]);
    // One id batch and one email batch.
    expect(result.upstreamRequests).toBe(2);
  });

  it('refuses the global ID of another type as a Customer key, without failing the response', async () => {
    const group = Buffer.from('CustomerGroup:AbCdEfGh').toString('base64');
    const result = await stack.execute(Entities, {
      representations: [byId(group), byId(customers[2]!.id)],
    });
    expect(result.data!._entities[0]).toBeNull();
    expect(result.data!._entities[1]?.id).toBe(customers[2]!.id);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves CustomerGroup and Order entities by global ID, one batch per type', async () => {
    const Related: TypedDocumentNode<
      {
        customers: {
          nodes: { customerGroup: { id: string } | null; orders: { nodes: { id: string }[] } }[];
        };
      },
      Record<string, never>
    > = parse(
      '{ customers(first: 25) { nodes { customerGroup { id } orders(first: 2) { nodes { id } } } } }',
    );
    const related = await stack.execute(Related, {});
    const groups = [
      ...new Set(related.data!.customers!.nodes.flatMap((c) => c.customerGroup?.id ?? [])),
    ];
    const orders = related.data!.customers!.nodes.flatMap((c) => c.orders.nodes.map((o) => o.id));
    expect(groups.length).toBeGreaterThan(0);
    expect(orders.length).toBeGreaterThan(0);
    const Mixed: TypedDocumentNode<
      { _entities: ({ __typename: string; id: string } | null)[] },
      { representations: Record<string, unknown>[] }
    > = parse(`query Mixed($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
        ... on CustomerGroup { id name }
        ... on Order { id number status }
      }
    }`);
    const representations = [
      ...groups.map((id) => ({ __typename: 'CustomerGroup', id })),
      ...orders.slice(0, 25).map((id) => ({ __typename: 'Order', id })),
    ];
    const result = await stack.execute(Mixed, { representations });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((entity) => entity?.id)).toEqual(
      representations.map((r) => r.id),
    );
    expect(result.upstreamRequests).toBe(2);
  });

  it("resolves an entity the caller's token may not see to null with an error, not a failed response", async () => {
    const { credentials } = stack.emulator;
    const response = await fetch(stack.emulator.authUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: credentials.salesChannel.clientId,
        scope: credentials.marketScope,
        username: credentials.customer.email,
        password: credentials.customer.password,
      }),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    const own = { __typename: 'Customer', email: credentials.customer.email };
    const other = customers.find((c) => c.email !== credentials.customer.email)!;
    const result = await stack.execute(
      Entities,
      { representations: [byId(other.id), own] },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(result.status).toBe(200);
    expect(result.data!._entities[0]).toBeNull();
    expect(result.data!._entities[1]?.email).toBe(credentials.customer.email);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['_entities', 0]);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(result.errors![0]!.extensions?.code);
    console.info(
      `forbidden entity: ${String(result.errors![0]!.extensions?.code)}, ${result.upstreamRequests} upstream requests`,
    );
  });

  it('serves the committed subgraph SDL as _service.sdl', async () => {
    const result = await stack.execute(Service, {});
    expect(result.upstreamRequests).toBe(0);
    const committed = await import('node:fs/promises').then((fs) =>
      fs.readFile(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8'),
    );
    expect(`${result.data!._service.sdl}\n`).toBe(committed);
    expect(committed).toMatch(/type Customer[^{]*@key\(fields: "id"\)[^{]*@key\(fields: "email"\)/);
    expect(committed).toMatch(/type PageInfo[^{]*@shareable/);
  });
});
