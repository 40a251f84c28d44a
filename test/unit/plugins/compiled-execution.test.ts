import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useCompiledExecution } from '../../../src/plugins/use-compiled-execution.ts';
import { maskError } from '../../../src/schema/errors.ts';
import { UpstreamError } from '../../../src/upstream/errors.ts';

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      hello(name: String = "world"): String!
      items: [Item!]!
      failing: String
      upstream: String
    }
    type Item {
      id: Int!
      double: Int!
    }
    type Subscription {
      ticks: Int!
    }
  `,
  resolvers: {
    Query: {
      hello: (_: unknown, args: { name: string }) => `hello ${args.name}`,
      items: () => [{ id: 1 }, { id: 2 }, { id: 3 }],
      failing: () => {
        throw new GraphQLError('no', { extensions: { code: 'NOT_FOUND' } });
      },
      upstream: () => {
        throw new UpstreamError({
          code: 'UPSTREAM_HTTP_ERROR',
          method: 'GET',
          path: 'customers',
          status: 503,
          applied: 'no',
        });
      },
    },
    Item: { double: (item: { id: number }) => item.id * 2 },
    Subscription: {
      ticks: {
        async *subscribe() {
          yield { ticks: 1 };
        },
      },
    },
  },
});

function gatewayWith(options: { maxCompiled?: number } = {}) {
  const compiled: (string | undefined)[] = [];
  const yoga = createYoga({
    schema,
    logging: false,
    maskedErrors: { maskError },
    plugins: [useCompiledExecution({ ...options, onCompiled: (name) => compiled.push(name) })],
  });
  const run = async (query: string, variables?: Record<string, unknown>) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as {
      data?: unknown;
      errors?: { extensions?: unknown; locations?: unknown }[];
    };
  };
  const stream = async (query: string) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query }),
    });
    return response.text();
  };
  return { compiled, run, stream };
}

describe('useCompiledExecution', () => {
  it('compiles a document on its second execution, with the same answers as graphql-js', async () => {
    const { compiled, run } = gatewayWith();
    const query = 'query Items($n: String) { hello(name: $n) items { id double } }';
    const first = await run(query, { n: 'a' });
    expect(compiled).toEqual([]);
    const second = await run(query, { n: 'a' });
    expect(compiled).toEqual(['Items']);
    expect(second).toEqual(first);
    expect(second.data).toEqual({
      hello: 'hello a',
      items: [
        { id: 1, double: 2 },
        { id: 2, double: 4 },
        { id: 3, double: 6 },
      ],
    });
    // Compiled once: later runs, with other variables, reuse it.
    expect((await run(query, { n: 'b' })).data).toMatchObject({ hello: 'hello b' });
    expect(compiled).toHaveLength(1);
  });

  it('never compiles documents that run once (a flood of distinct documents)', async () => {
    const { compiled, run } = gatewayWith();
    for (let index = 0; index < 30; index++) {
      expect((await run(`{ a${index}: hello }`)).data).toEqual({ [`a${index}`]: 'hello world' });
    }
    expect(compiled).toEqual([]);
  });

  it('keeps at most maxCompiled documents and compiles an evicted one again', async () => {
    const { compiled, run } = gatewayWith({ maxCompiled: 2 });
    const documents = ['query A { hello }', 'query B { hello }', 'query C { hello }'];
    for (const document of documents) {
      await run(document);
      await run(document);
    }
    expect(compiled).toEqual(['A', 'B', 'C']);
    await run(documents[2]!);
    expect(compiled).toHaveLength(3);
    await run(documents[0]!);
    expect(compiled).toEqual(['A', 'B', 'C', 'A']);
  });

  it('keeps error extensions and nulls only the failing field', async () => {
    const { compiled, run } = gatewayWith();
    const query = 'query Failing { failing hello upstream }';
    const interpreted = await run(query);
    const result = await run(query);
    expect(compiled).toEqual(['Failing']);
    expect(result).toEqual(interpreted);
    expect(result.data).toEqual({ failing: null, hello: 'hello world', upstream: null });
    expect(result.errors).toMatchObject([
      {
        extensions: { code: 'NOT_FOUND' },
        locations: [{ line: 1, column: 17 }],
        path: ['failing'],
      },
      {
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        locations: [{ line: 1, column: 31 }],
        path: ['upstream'],
      },
    ]);
  });

  it('locates a variable that does not coerce, as graphql-js does', async () => {
    const { compiled, run } = gatewayWith();
    const query = 'query Named($n: String) { hello(name: $n) }';
    const interpreted = await run(query, { n: 7 });
    const result = await run(query, { n: 7 });
    expect(compiled).toEqual(['Named']);
    expect(result.errors).toMatchObject([
      { extensions: { code: 'BAD_USER_INPUT' }, locations: [{ line: 1, column: 13 }] },
    ]);
    expect(result.errors?.[0]).toMatchObject({ locations: interpreted.errors?.[0]?.locations });
  });

  it('leaves subscriptions to graphql-js', async () => {
    const { compiled, stream } = gatewayWith();
    for (let index = 0; index < 3; index++) {
      expect(await stream('subscription Ticks { ticks }')).toContain('{"data":{"ticks":1}}');
    }
    expect(compiled).toEqual([]);
  });
});
