import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerByEmailDocument,
  CustomerByIdDocument,
  CustomerIdsDocument,
  CustomersFilteredDocument,
  type CustomerWhere,
  GroupsAndTagsDocument,
  NodeByIdDocument,
  NodesLookupDocument,
} from '../__generated__/graphql.ts';
import { createTestStack, type ExecuteResult, type TestStack } from '../helpers/stack.ts';
import { KNOWN_CODES, Outcomes } from '../integration/faults/outcomes.ts';

// Every answer is valid data or errors with a known code: never INTERNAL_SERVER_ERROR, never a
// crash. Runs are modest and seeded (reproducible; the seed is printed on failure).
const RUNS = 40;
const SEED = 20261127;

let stack: TestStack;
let known: { id: string; clId: string; email: string }[];
let groups: string[];
const outcomes = new Outcomes('property: bad input');

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 30 } });
  const result = await stack.execute(CustomerIdsDocument, { first: 10 });
  known = result.data!.customers!.edges.map((edge) => ({
    id: edge.node.id,
    clId: edge.node.clId,
    email: edge.node.email,
  }));
  const groupsAndTags = await stack.execute(GroupsAndTagsDocument);
  groups = groupsAndTags.data!.customerGroups!.nodes.map((group) => group.id);
});

afterAll(async () => {
  outcomes.print();
  // Still serving after everything above.
  const after = await stack.execute(CustomerIdsDocument, { first: 1 });
  expect(after.errors).toBeUndefined();
  await stack.close();
});

/** Sends one case and checks the invariant; records its outcome under `property`. */
async function check<TData, TVariables>(
  property: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  planning = true,
): Promise<ExecuteResult<TData>> {
  const result = await stack.execute(document, variables, { planning });
  const codes = (result.errors ?? []).map((error) => {
    const code = String(error.extensions?.code ?? '(none)');
    return error.extensions?.upstream === undefined ? code : `${code} (upstream)`;
  });
  outcomes.record(property, codes.length === 0 ? 'data' : [...new Set(codes)].sort().join('+'));
  expect([200, 400]).toContain(result.status);
  for (const error of result.errors ?? []) {
    expect(KNOWN_CODES, JSON.stringify({ variables, error })).toContain(error.extensions?.code);
  }
  if (result.errors === undefined) {
    expect(result.data).toBeTruthy();
  }
  return result;
}

const tricky = fc.constantFrom(
  '',
  ' ',
  ',',
  'a,b',
  '%',
  '%00',
  '&',
  '=',
  '[',
  ']',
  '*',
  "'",
  '"',
  '\\',
  '../',
  '\u0000',
  '\u202e',
  '😀',
  'null',
  'x'.repeat(255),
  'x'.repeat(256),
);
const text = fc.oneof(
  tricky,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 250, maxLength: 300 }),
);
const texts = fc.array(text, { maxLength: 5 });
const int = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);
const dateTime = fc
  .date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') })
  .map((date) => date.toISOString());
const option = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

function globalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}
const anyId = fc.oneof(
  text,
  fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
  fc
    .tuple(
      fc.constantFrom('Customer', 'CustomerGroup', 'Order', 'Tag', 'Nope', 'customer', ''),
      fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), text),
    )
    .map(([typename, id]) => globalId(typename, id)),
);

const stringFilter = fc.record(
  {
    eq: option(text),
    in: option(texts),
    contains: option(text),
    startsWith: option(text),
    endsWith: option(text),
  },
  { requiredKeys: [] },
);
const intFilter = fc.record(
  { eq: option(int), gt: option(int), gte: option(int), lt: option(int), lte: option(int) },
  { requiredKeys: [] },
);
const dateFilter = fc.record(
  { gt: option(dateTime), gte: option(dateTime), lt: option(dateTime), lte: option(dateTime) },
  { requiredKeys: [] },
);
const idFilter = fc.record(
  { eq: option(anyId), in: option(fc.array(anyId, { maxLength: 4 })) },
  { requiredKeys: [] },
);
const metadata = fc.dictionary(fc.oneof(tricky, fc.string({ maxLength: 10 })), fc.jsonValue(), {
  maxKeys: 3,
}) as fc.Arbitrary<Record<string, unknown>>;
const whereFields = {
  id: option(idFilter),
  email: option(stringFilter),
  status: option(
    fc.record(
      {
        eq: option(fc.constantFrom('prospect', 'acquired', 'repeat') as fc.Arbitrary<never>),
        in: option(
          fc.array(fc.constantFrom('prospect', 'acquired', 'repeat'), {
            maxLength: 3,
          }) as fc.Arbitrary<never>,
        ),
      },
      { requiredKeys: [] },
    ),
  ),
  customerGroup: option(
    fc.record(
      { id: option(idFilter), name: option(stringFilter), exists: option(fc.boolean()) },
      { requiredKeys: [] },
    ),
  ),
  tags: option(fc.record({ anyOf: option(texts) }, { requiredKeys: [] })),
  createdAt: option(dateFilter),
  updatedAt: option(dateFilter),
  reference: option(stringFilter),
  referenceOrigin: option(stringFilter),
  totalOrdersCount: option(intFilter),
  metadata: option(metadata),
  search: option(text),
};
// One condition at a time reaches the upstream more often; all of them at once exercises checks.
const where: fc.Arbitrary<CustomerWhere> = fc.oneof(
  ...Object.entries(whereFields).map(([key, arbitrary]) =>
    (arbitrary as fc.Arbitrary<unknown>).map((value) => ({ [key]: value }) as CustomerWhere),
  ),
  fc.record(whereFields, { requiredKeys: [] }) as fc.Arbitrary<CustomerWhere>,
);

describe('bad input is answered with a typed error or data', () => {
  it('where filters on customers', async () => {
    await fc.assert(
      fc.asyncProperty(
        where,
        option(fc.integer({ min: -3, max: 120 })),
        fc.boolean(),
        async (filter, first, planning) => {
          await check(
            'customers(where:, first:)',
            CustomersFilteredDocument,
            { where: filter, first: first ?? 5 },
            planning,
          );
        },
      ),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });

  it('tag names and metadata in where', async () => {
    await fc.assert(
      fc.asyncProperty(option(texts), option(metadata), async (anyOf, contains) => {
        await check('customers(where: { tags, metadata })', CustomersFilteredDocument, {
          where: {
            ...(anyOf === undefined ? {} : { tags: { anyOf } }),
            ...(contains === undefined ? {} : { metadata: contains }),
          },
          first: 5,
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('ids of customer(id:), node(id:) and nodes(ids:)', async () => {
    const ids = fc.oneof(
      anyId,
      fc.constantFrom(...known.map((c) => c.id), ...known.map((c) => c.clId)),
    );
    await fc.assert(
      fc.asyncProperty(
        ids,
        fc.array(ids, { maxLength: 110 }),
        fc.boolean(),
        async (id, many, planning) => {
          await check('customer(id:)', CustomerByIdDocument, { id }, planning);
          await check('node(id:)', NodeByIdDocument, { id }, planning);
          await check('nodes(ids:)', NodesLookupDocument, { ids: many }, planning);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('emails of customerByEmail(email:)', async () => {
    const email = fc.oneof(
      text,
      fc.emailAddress(),
      fc.constantFrom(...known.map((c) => c.email)),
      fc.tuple(text, text).map(([local, domain]) => `${local}@${domain}`),
    );
    await fc.assert(
      fc.asyncProperty(email, async (address) => {
        const result = await check('customerByEmail(email:)', CustomerByEmailDocument, {
          email: address,
        });
        const match = known.find((c) => c.email === address);
        if (match) {
          expect(result.data!.customerByEmail!.clId).toBe(match.clId);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  // Each type of a mixed `nodes` list is planned once from its own fragment (node.ts memoizes the
  // plan per type): customers carry their email, groups only their id; order is kept; each type
  // costs one batched request per 25 ids.
  it('nodes(ids:) of mixed types, in any order', async () => {
    const id = fc.oneof(fc.constantFrom(...known.map((c) => c.id)), fc.constantFrom(...groups));
    await fc.assert(
      fc.asyncProperty(
        fc.array(id, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        async (ids, planning) => {
          const result = await check(
            'nodes(ids:) of customers and groups',
            NodesLookupDocument,
            { ids },
            planning,
          );
          expect(result.errors).toBeUndefined();
          const nodes = result.data!.nodes;
          expect(nodes.map((node) => node?.id)).toEqual(ids);
          for (const node of nodes) {
            const customer = known.find((c) => c.id === node!.id);
            expect((node as { email?: string }).email).toBe(customer?.email);
          }
          if (planning) {
            const customers = new Set(ids.filter((x) => !groups.includes(x))).size;
            const groupCount = new Set(ids.filter((x) => groups.includes(x))).size;
            expect(result.upstreamRequests).toBeLessThanOrEqual(
              Math.ceil(customers / 25) + Math.ceil(groupCount / 25),
            );
          }
        },
      ),
      { numRuns: RUNS / 2, seed: SEED },
    );
  });

  // Regression: variables that do not fit their types were masked as INTERNAL_SERVER_ERROR.
  it('variables of the wrong type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (filter, first) => {
        await check('customers with untyped variables', CustomersFilteredDocument, {
          where: filter,
          first,
        } as never);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const result = await check('customers with untyped variables', CustomersFilteredDocument, {
      first: 'ten',
    } as never);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
