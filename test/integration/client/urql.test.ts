import { Client, CombinedError, fetchExchange } from '@urql/core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CustomerByEmailDocument,
  CustomerByIdDocument,
  type CustomerStatus,
  CustomersPageDocument,
  CustomerTagsAddDocument,
  type UserErrorCode,
} from '../../__generated__/graphql.ts';
import { type ServedStack, serveStack } from '../ops/serve.ts';

/**
 * The gateway as an application sees it: `@urql/core` over HTTP, with the codegen-typed documents
 * of `test/operations/*.graphql`, so results are typed without casts.
 */
describe('@urql/core client with typed documents', () => {
  let stack: ServedStack;
  let client: Client;

  beforeAll(async () => {
    stack = await serveStack({ logLevel: 'silent' });
    client = new Client({
      url: stack.graphqlUrl,
      exchanges: [fetchExchange],
      requestPolicy: 'network-only',
      preferGetMethod: false,
    });
  });
  afterAll(() => stack.close());

  it('lists customers with typed nested fields', async () => {
    const result = await client.query(CustomersPageDocument, { first: 5 }).toPromise();
    expect(result.error).toBeUndefined();
    const customers = result.data?.customers;
    expectTypeOf(customers?.totalCount).toEqualTypeOf<number | undefined>();
    expectTypeOf(customers?.nodes[0]?.status).toEqualTypeOf<CustomerStatus | undefined>();
    expect(customers?.totalCount).toBe(30);
    expect(customers?.nodes).toHaveLength(5);
    for (const customer of customers?.nodes ?? []) {
      expect(customer.email).toMatch(/@/);
      expect(['PROSPECT', 'ACQUIRED', 'REPEAT']).toContain(customer.status);
      expect(Array.isArray(customer.tags)).toBe(true);
    }
  });

  it('looks a customer up by id and by e-mail, and both agree', async () => {
    const page = await client.query(CustomersPageDocument, { first: 1 }).toPromise();
    const first = page.data?.customers?.nodes[0];
    expect(first).toBeDefined();

    const byId = await client.query(CustomerByIdDocument, { id: first?.id ?? '' }).toPromise();
    expectTypeOf(byId.data?.customer?.clId).toEqualTypeOf<string | undefined>();
    expect(byId.data?.customer).toMatchObject({ id: first?.id, email: first?.email });

    const byEmail = await client
      .query(CustomerByEmailDocument, { email: first?.email ?? '' })
      .toPromise();
    expect(byEmail.data?.customerByEmail?.clId).toBe(byId.data?.customer?.clId);
  });

  it('runs a mutation and reads its typed payload', async () => {
    const page = await client.query(CustomersPageDocument, { first: 1 }).toPromise();
    const id = page.data?.customers?.nodes[0]?.id ?? '';
    const result = await client
      .mutation(CustomerTagsAddDocument, { id, tags: ['vip'] })
      .toPromise();
    expect(result.error).toBeUndefined();
    const payload = result.data?.customerTagsAdd;
    expectTypeOf(payload?.userErrors).toEqualTypeOf<
      { field: string[] | null; message: string; code: UserErrorCode }[] | undefined
    >();
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.customer?.tags?.map((tag) => tag.name)).toContain('vip');
  });

  it('surfaces GraphQL errors as a CombinedError with the stable code', async () => {
    const result = await client
      .query(CustomerByIdDocument, { id: 'not-a-valid-global-id' })
      .toPromise();
    expect(result.error).toBeInstanceOf(CombinedError);
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBeTypeOf('string');
    expect(result.data?.customer ?? null).toBeNull();
  });
});
