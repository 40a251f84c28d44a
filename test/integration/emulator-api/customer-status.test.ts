import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

/**
 * Issue 12: a customer's `status` follows its orders. Draft orders are created and placed on the
 * emulator (as a storefront would), and the gateway shows prospect → acquired → repeat.
 */
let stack: TestStack;
let token: string;

const CUSTOMER_STATUS = parse(`
  query CustomerStatus($id: ID!) {
    customer(id: $id) {
      status
      totalOrdersCount
    }
  }
`);

async function direct(method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.emulator.apiUrl}/${path}`, {
    method,
    headers: {
      accept: 'application/vnd.api+json',
      'content-type': 'application/vnd.api+json',
      authorization: `Bearer ${token}`,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as { data: { id: string } } };
}

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 5 } });
  token = await stack.integrationToken();
});

afterAll(async () => {
  await stack.close();
});

describe('customer status through the gateway', () => {
  it('moves from PROSPECT to ACQUIRED to REPEAT as draft orders are placed', async () => {
    const customer = await direct('POST', 'customers', {
      data: { type: 'customers', attributes: { email: 'status.flow@mail.test' } },
    });
    const id = customer.body.data.id;
    const market = (await direct('GET', 'markets?page[size]=1')) as unknown as {
      body: { data: Array<{ id: string }> };
    };
    const read = async () => {
      const result = await stack.execute(CUSTOMER_STATUS, { id });
      expect(result.errors).toBeUndefined();
      return (result.data as { customer: { status: string; totalOrdersCount: number } }).customer;
    };
    expect(await read()).toEqual({ status: 'PROSPECT', totalOrdersCount: 0 });
    const placeOne = async () => {
      const draft = await direct('POST', 'orders', {
        data: {
          type: 'orders',
          relationships: {
            customer: { data: { type: 'customers', id } },
            market: { data: { type: 'markets', id: market.body.data[0]?.id } },
          },
        },
      });
      expect(draft.status).toBe(201);
      const placed = await direct('PATCH', `orders/${draft.body.data.id}`, {
        data: { type: 'orders', id: draft.body.data.id, attributes: { _place: true } },
      });
      expect(placed.status).toBe(200);
    };
    await placeOne();
    expect(await read()).toEqual({ status: 'ACQUIRED', totalOrdersCount: 1 });
    await placeOne();
    expect(await read()).toEqual({ status: 'REPEAT', totalOrdersCount: 2 });
  });
});
