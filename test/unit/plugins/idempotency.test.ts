import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { canonical, useIdempotency } from '../../../src/plugins/use-idempotency.ts';

interface ResponseBody {
  data: { bump: { run: number | null; userErrors: { code: string }[] }; runs?: number };
  errors: { extensions: { code: string } }[];
  extensions?: unknown;
}

/** A tiny real schema whose mutation counts its executions. */
function createApp(options: Parameters<typeof useIdempotency>[0] = {}) {
  const state = { runs: 0, delayMs: 0, failWith: undefined as string | undefined };
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Query { runs: Int! }
        type UserError { code: String! }
        type Payload { run: Int, userErrors: [UserError!]! }
        type Mutation { bump(by: Int!, note: String): Payload! }
      `,
      resolvers: {
        Query: { runs: () => state.runs },
        Mutation: {
          bump: async () => {
            state.runs += 1;
            if (state.delayMs > 0) {
              await new Promise((resolve) => setTimeout(resolve, state.delayMs));
            }
            if (state.failWith === 'throw') {
              throw new Error('boom');
            }
            return state.failWith
              ? { run: null, userErrors: [{ code: state.failWith }] }
              : { run: state.runs, userErrors: [] };
          },
        },
      },
    }),
    plugins: [useIdempotency(options)],
    maskedErrors: true,
    logging: false,
  });
  const send = async (
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as ResponseBody };
  };
  return { state, send };
}

const BUMP =
  'mutation Bump($by: Int!, $note: String) { bump(by: $by, note: $note) { run userErrors { code } } }';

describe('canonical', () => {
  it('hashes variables independently of key order', () => {
    expect(JSON.stringify(canonical({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 0 } }))).toBe(
      '{"a":{"c":0,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
});

describe('useIdempotency', () => {
  it('runs a mutation once per key and replays the stored result', async () => {
    const { state, send } = createApp();
    const headers = { 'idempotency-key': 'k1' };
    const first = await send(BUMP, { by: 1 }, headers);
    const second = await send(BUMP, { by: 1 }, headers);
    expect(state.runs).toBe(1);
    expect(second.body.data).toEqual(first.body.data);
    expect(first.body.extensions).toEqual({ idempotency: { replayed: false } });
    expect(second.body.extensions).toEqual({ idempotency: { replayed: true } });
    // Key order in the variables does not matter.
    await send(BUMP, { note: 'n', by: 2 }, { 'idempotency-key': 'k2' });
    await send(BUMP, { by: 2, note: 'n' }, { 'idempotency-key': 'k2' });
    expect(state.runs).toBe(2);
  });

  it('refuses the same key with different variables (400 IDEMPOTENCY_KEY_REUSED)', async () => {
    const { state, send } = createApp();
    await send(BUMP, { by: 1 }, { 'idempotency-key': 'k' });
    const reused = await send(BUMP, { by: 2 }, { 'idempotency-key': 'k' });
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(state.runs).toBe(1);
  });

  it('scopes keys by the Authorization header', async () => {
    const { state, send } = createApp();
    await send(BUMP, { by: 1 }, { 'idempotency-key': 'k', authorization: 'Bearer one' });
    await send(BUMP, { by: 1 }, { 'idempotency-key': 'k', authorization: 'Bearer two' });
    await send(BUMP, { by: 1 }, { 'idempotency-key': 'k', authorization: 'Bearer one' });
    expect(state.runs).toBe(2);
  });

  it('ignores queries and requests without a key, and refuses malformed keys', async () => {
    const { state, send } = createApp();
    await send(BUMP, { by: 1 });
    await send(BUMP, { by: 1 });
    expect(state.runs).toBe(2);
    const query = await send('{ runs }', {}, { 'idempotency-key': 'q' });
    expect(query.body).toEqual({ data: { runs: 2 } });
    const bad = await send(BUMP, { by: 1 }, { 'idempotency-key': 'has space' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(state.runs).toBe(2);
  });

  it('does not keep results that applied nothing (retryable user errors, top-level errors)', async () => {
    const { state, send } = createApp();
    const headers = { 'idempotency-key': 'k' };
    state.failWith = 'RATE_LIMITED';
    await send(BUMP, { by: 1 }, headers);
    state.failWith = 'throw';
    const thrown = await send(BUMP, { by: 1 }, headers);
    expect(thrown.body.errors).toHaveLength(1);
    state.failWith = 'UNKNOWN_OUTCOME';
    await send(BUMP, { by: 1 }, headers);
    state.failWith = undefined;
    const replayed = await send(BUMP, { by: 1 }, headers);
    // The UNKNOWN_OUTCOME result is kept: a blind retry must not write twice.
    expect(replayed.body.data.bump.userErrors).toEqual([{ code: 'UNKNOWN_OUTCOME' }]);
    expect(state.runs).toBe(3);
  });

  it('makes a concurrent duplicate wait for the first and replay its result', async () => {
    const { state, send } = createApp();
    state.delayMs = 100;
    const headers = { 'idempotency-key': 'k' };
    const [a, b] = await Promise.all([
      send(BUMP, { by: 1 }, headers),
      send(BUMP, { by: 1 }, headers),
    ]);
    expect(state.runs).toBe(1);
    expect(a.body.data).toEqual(b.body.data);
  });

  it('refuses a duplicate that waited too long (409 IDEMPOTENCY_KEY_IN_USE)', async () => {
    const { state, send } = createApp({ waitTimeoutMs: 20 });
    state.delayMs = 300;
    const headers = { 'idempotency-key': 'k' };
    const [a, b] = await Promise.all([
      send(BUMP, { by: 1 }, headers),
      send(BUMP, { by: 1 }, headers),
    ]);
    expect(state.runs).toBe(1);
    expect(a.body.data.bump.run).toBe(1);
    expect(b.status).toBe(409);
    expect(b.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_IN_USE');
  });
});
