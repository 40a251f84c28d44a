import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A second, tiny subgraph for supergraph tests: a loyalty programme that adds `loyaltyPoints` and
 * `tier` to the gateway's `Customer` entity (keyed by the Relay global ID `id`), and can list
 * "top" customers by id only, so that the supergraph must ask the customers subgraph's
 * `_entities` for everything else.
 */
export const LOYALTY_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  enum LoyaltyTier {
    BRONZE
    SILVER
    GOLD
  }

  type Customer @key(fields: "id") {
    id: ID!
    "Points earned, derived from the id (deterministic for tests)."
    loyaltyPoints: Int!
    tier: LoyaltyTier!
  }

  type Query {
    "The customers the test registered with setTopCustomers, in that order (null: unknown to the customers subgraph)."
    topLoyaltyCustomers: [Customer]!
  }
`;

export interface LoyaltySubgraph {
  readonly url: string;
  readonly sdl: string;
  /** Representations this subgraph received in `_entities` calls, one array per call. */
  readonly entityCalls: unknown[][];
  setTopCustomers(ids: readonly string[]): void;
  close(): Promise<void>;
}

function pointsOf(id: string): number {
  let hash = 0;
  for (const char of id) {
    hash = (hash * 31 + char.charCodeAt(0)) % 10_000;
  }
  return hash;
}

function tierOf(points: number): 'BRONZE' | 'SILVER' | 'GOLD' {
  return points >= 6_000 ? 'GOLD' : points >= 3_000 ? 'SILVER' : 'BRONZE';
}

/** Starts the loyalty subgraph on a free port of 127.0.0.1. */
export async function startLoyaltySubgraph(): Promise<LoyaltySubgraph> {
  let top: readonly string[] = [];
  const entityCalls: unknown[][] = [];
  const schema = buildSubgraphSchema({
    typeDefs: parse(LOYALTY_SDL),
    resolvers: {
      Query: {
        topLoyaltyCustomers: () => top.map((id) => ({ id })),
      },
      Customer: {
        __resolveReference: (reference: { id: string }) => reference,
        loyaltyPoints: (customer: { id: string }) => pointsOf(customer.id),
        tier: (customer: { id: string }) => tierOf(pointsOf(customer.id)),
      },
    } as never,
  });
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [
      {
        onParams({ params }) {
          const representations = params.variables?.representations;
          if (Array.isArray(representations)) {
            entityCalls.push(representations);
          }
        },
      },
    ],
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    sdl: LOYALTY_SDL,
    entityCalls,
    setTopCustomers(ids) {
      top = [...ids];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export { pointsOf, tierOf };
