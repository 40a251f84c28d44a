/**
 * What the benchmarks run: the read API's four queries, a `nodes` lookup, a federation
 * `_entities` call and one mutation, each with variables drawn from the emulator's seed. The
 * direct equivalent of a scenario is the JSON:API request(s) the planned gateway itself sends
 * upstream for it (read from the emulator's request log), so both sides fetch the same data.
 */
import { print } from 'graphql';
import {
  CustomerEverythingDocument,
  CustomersPageDocument,
  CustomersWithOrdersDocument,
  CustomerUpdateDocument,
  NodesLookupDocument,
} from '../test/__generated__/graphql.ts';

/** Ids the scenarios use, picked from the seeded store before any run. */
export interface BenchData {
  /** Global IDs of 50 customers. */
  readonly customerIds: readonly string[];
  /** A customer with many relationships (the most orders). */
  readonly richCustomerId: string;
  /** The customer the mutation writes to (no other scenario reads it). */
  readonly writeCustomerId: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly query: string;
  variables(data: BenchData): Record<string, unknown>;
  /** A root field the schema must have for the scenario to run (`Mutation.customerUpdate`). */
  readonly requires?: { readonly type: 'Query' | 'Mutation'; readonly field: string };
  /** The body of a direct write, which the request log does not keep. */
  directBody?(data: BenchData, path: string): unknown;
}

/** Reads `_entities` like a router resolving 50 Customer references (key: the global ID). */
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Customer {
      id
      email
      customerGroup {
        name
      }
    }
  }
}`;

const BENCH_REFERENCE = 'bench-reference';

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'CustomersPage',
    description: 'customers(first: 25) with group, tags and 5 addresses each',
    query: print(CustomersPageDocument),
    variables: () => ({ first: 25 }),
  },
  {
    name: 'NodesLookup',
    description: 'nodes(ids:) for 50 customers with their group',
    query: print(NodesLookupDocument),
    variables: (data) => ({ ids: data.customerIds }),
  },
  {
    name: 'CustomersWithOrders',
    description: 'customers(first: 10) with 5 orders each',
    query: print(CustomersWithOrdersDocument),
    variables: () => ({}),
  },
  {
    name: 'CustomerEverything',
    description: 'customer(id:) with every field and relationship',
    query: print(CustomerEverythingDocument),
    variables: (data) => ({ id: data.richCustomerId }),
  },
  {
    name: 'Entities',
    description: '_entities for 50 Customer representations (federation)',
    query: ENTITIES,
    variables: (data) => ({
      representations: data.customerIds.map((id) => ({ __typename: 'Customer', id })),
    }),
    requires: { type: 'Query', field: '_entities' },
  },
  {
    name: 'CustomerUpdate',
    description: 'customerUpdate(reference) answering the customer with group and tags',
    query: print(CustomerUpdateDocument),
    variables: (data) => ({ id: data.writeCustomerId, input: { reference: BENCH_REFERENCE } }),
    requires: { type: 'Mutation', field: 'customerUpdate' },
    directBody: (data) => ({
      data: {
        type: 'customers',
        id: Buffer.from(data.writeCustomerId, 'base64').toString('utf8').split(':')[1],
        attributes: { reference: BENCH_REFERENCE },
      },
    }),
  },
];

/** The soak's mix: the four read-API queries, one after the other on each connection. */
export const SOAK_SCENARIOS = [
  'CustomersPage',
  'NodesLookup',
  'CustomersWithOrders',
  'CustomerEverything',
];
