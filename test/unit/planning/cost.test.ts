import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../src/schema/connection.ts';
import { schema } from '../../../src/schema/index.ts';
import { estimateCost, LIST_SIZE_ESTIMATE, windowOf } from '../../../src/schema/planning/cost.ts';

const globalId = (typename: string, id: string) =>
  Buffer.from(`${typename}:${id}`).toString('base64');

function cost(
  query: string,
  variables: Record<string, unknown> = {},
  planning = true,
  operationName?: string,
) {
  return estimateCost({ schema, document: parse(query), variables, planning, operationName });
}

describe('windowOf', () => {
  it('counts the pages connection.ts fetches for a window', () => {
    expect(windowOf({ first: 25 })).toEqual({ size: 25, pages: 1 });
    expect(windowOf({ first: 30 })).toEqual({ size: 30, pages: 2 });
    expect(windowOf({ first: 100 })).toEqual({ size: 100, pages: 4 });
    expect(windowOf({})).toEqual({ size: 20, pages: 1 });
    expect(windowOf({ first: 0 })).toEqual({ size: 0, pages: 1 });
  });

  it('reads the offset of an after cursor: 20 records after offset 9 straddle two pages', () => {
    expect(windowOf({ first: 20, after: encodeCursor(9, 'any') })).toEqual({ size: 20, pages: 2 });
    expect(windowOf({ first: 10, after: encodeCursor(9, 'any') })).toEqual({ size: 10, pages: 1 });
  });

  it('costs one more request for last without before on a list that cannot be reversed', () => {
    expect(windowOf({ last: 10 })).toEqual({ size: 10, pages: 1 });
    expect(windowOf({ last: 10 }, false)).toEqual({ size: 10, pages: 2 });
  });
});

describe('estimateCost (planning on)', () => {
  it('costs a root list its pages; includable relationships cost nothing', () => {
    const query = `query($first: Int) { customers(first: $first) {
      totalCount nodes { email customerGroup { name } tags { name } addresses(first: 5) { nodes { address { city } } } }
    } }`;
    expect(cost(query, { first: 25 })).toBe(1);
    expect(cost(query, { first: 30 })).toBe(2);
    expect(cost(query, { first: 100 })).toBe(4);
  });

  it('costs a relationship Commerce Layer cannot include once per parent', () => {
    const query = `{ customers(first: 10) { nodes { eventStores(first: 5) { nodes { event } } } } }`;
    expect(cost(query)).toBe(1 + 10);
  });

  it('batches nodes(ids) per type, 25 ids per request', () => {
    const ids = [
      ...Array.from({ length: 50 }, (_, i) => globalId('Customer', `c${i}`)),
      ...Array.from({ length: 3 }, (_, i) => globalId('CustomerGroup', `g${i}`)),
    ];
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { email customerGroup { name } } ... on CustomerGroup { name } } }`;
    expect(cost(query, { ids })).toBe(2 + 1);
    expect(cost(query, { ids: ids.slice(0, 26) })).toBe(2);
  });

  it('batches customer(id:) lookups with the same selection', () => {
    const query = `{ a: customer(id: "${globalId('Customer', 'a')}") { email } b: customer(id: "${globalId('Customer', 'b')}") { email } }`;
    expect(cost(query)).toBe(1);
  });

  it('batches _entities per type and key, 25 representations per request', () => {
    const representations = [
      ...Array.from({ length: 50 }, (_, i) => ({
        __typename: 'Customer',
        id: globalId('Customer', `c${i}`),
      })),
      ...Array.from({ length: 30 }, (_, i) => ({ __typename: 'Customer', email: `c${i}@x.io` })),
      { __typename: 'Order', id: globalId('Order', 'o1') },
    ];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { email eventStores(first: 1) { nodes { event } } } ... on Order { number } } }`;
    // id batches 2 + email batches 2 + order 1, and eventStores once per customer (80).
    expect(cost(query, { r: representations })).toBe(2 + 2 + 1 + 80);
  });

  it('costs nothing for _service, __typename and introspection', () => {
    expect(cost('{ _service { sdl } __typename __schema { queryType { name } } }')).toBe(0);
  });

  it('costs a mutation 1 per write plus what its payload cannot take from the answer', () => {
    const mutation = `mutation { customerCreate(input: { email: "a@b.co" }) { customer { email customerGroup { name } eventStores(first: 5) { nodes { event } } } userErrors { message } } }`;
    expect(cost(mutation)).toBe(1 + 1);
  });

  it('predicts 0 when the variables do not fit (execution refuses it before any request)', () => {
    expect(cost('query($first: Int!) { customers(first: $first) { totalCount } }', {})).toBe(0);
  });

  it('prices only the operation named', () => {
    const document = `query A { customers(first: 100) { totalCount } } query B { customers(first: 5) { totalCount } }`;
    expect(cost(document, {}, true, 'A')).toBe(4);
    expect(cost(document, {}, true, 'B')).toBe(1);
  });
});

describe('estimateCost (planning off)', () => {
  it('costs every relationship one request per parent', () => {
    const query = `{ customers(first: 25) { nodes { customerGroup { name } tags { name } } } }`;
    expect(cost(query, {}, false)).toBe(1 + 25 + 25);
  });

  it('costs relationships below a list of lists per estimated parent', () => {
    const query = `{ customers(first: 2) { nodes { tags { name } addresses(first: 5) { nodes { address { city } } } } } }`;
    // 1 page; tags 2; addresses 2 (one page each); each of 2 × 5 addresses its address: 10.
    expect(cost(query, {}, false)).toBe(1 + 2 + 2 + 10);
    expect(LIST_SIZE_ESTIMATE).toBe(10);
  });
});
