/**
 * useIdempotency's Stripe rule with a real yoga and a schema whose mutation "sends" writes through
 * a session counter, as the upstream session counts them: stored once a write was sent (partial
 * errors included), released when none was; keys scoped to the verified caller.
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/auth/caller.ts';
import {
  type IdempotencyStore,
  MemoryIdempotencyStore,
} from '../../../src/plugins/idempotency-store.ts';
import { useIdempotency } from '../../../src/plugins/use-idempotency.ts';

interface Body {
  data?: { change: { run: number; note: string | null } | null };
  errors?: { message: string; extensions: { code: string } }[];
  extensions?: { idempotency?: { replayed: boolean } };
}

function caller(token: string, ownerId = 'cust-1'): Caller {
  return {
    kind: 'customer',
    applicationId: 'app-1',
    clientId: 'client-1',
    organizationSlug: 'acme',
    ownerId,
    ownerType: 'Customer',
    marketIds: [],
    test: true,
    expiresAt: Date.now() + 60_000,
    token,
  };
}

function createApp(options: Parameters<typeof useIdempotency>[0] = {}) {
  const state = { runs: 0, writes: 0, mode: 'ok' as 'ok' | 'partial' | 'no-write' | 'big' };
  const yoga = createYoga({
    schema: createSchema<Record<string, unknown>>({
      typeDefs: /* GraphQL */ `
        type Query { runs: Int! }
        type Result { run: Int!, note: String }
        type Mutation { change(n: Int!): Result }
      `,
      resolvers: {
        Query: { runs: () => state.runs },
        Mutation: {
          change: (_root: unknown, _args: unknown, ctx: { upstream: { writeCount: number } }) => {
            state.runs += 1;
            if (state.mode === 'no-write') {
              throw Object.assign(new Error('refused before sending'), {});
            }
            ctx.upstream.writeCount += 1;
            if (state.mode === 'partial') {
              return { run: state.runs, note: null };
            }
            return { run: state.runs, note: state.mode === 'big' ? 'x'.repeat(5_000) : 'ok' };
          },
        },
        Result: {
          note: (result: { note: string | null }) => {
            if (result.note === null) {
              throw new Error('partial failure after the write');
            }
            return result.note;
          },
        },
      },
    }),
    context: ({ request }): Record<string, unknown> => {
      const token = request.headers.get('authorization')?.replace('Bearer ', '');
      return {
        upstream: { writeCount: 0 },
        caller: token ? caller(token, request.headers.get('x-owner') ?? 'cust-1') : undefined,
      };
    },
    plugins: [useIdempotency(options)],
    maskedErrors: false,
    logging: false,
  });
  const send = async (headers: Record<string, string>, n = 1) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query: 'mutation($n: Int!) { change(n: $n) { run note } }',
        variables: { n },
      }),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  return { state, send };
}

describe('useIdempotency: what is stored', () => {
  it('stores and replays the first response once a write was sent, partial errors included', async () => {
    const { state, send } = createApp();
    state.mode = 'partial';
    const headers = { 'idempotency-key': 'p1', authorization: 'Bearer t1' };
    const first = await send(headers);
    expect(first.body.errors?.[0]?.message).toMatch(/partial failure/);
    state.mode = 'ok';
    const replay = await send(headers);
    expect(state.runs).toBe(1);
    expect(replay.body.data).toEqual(first.body.data);
    expect(replay.body.errors?.[0]?.message).toBe(first.body.errors?.[0]?.message);
    expect(replay.body.extensions?.idempotency).toEqual({ replayed: true });
  });

  it('releases the key when no write was sent, so a retry runs again', async () => {
    const { state, send } = createApp();
    state.mode = 'no-write';
    const headers = { 'idempotency-key': 'n1', authorization: 'Bearer t1' };
    await send(headers);
    state.mode = 'ok';
    const retry = await send(headers);
    expect(state.runs).toBe(2);
    expect(retry.body.data?.change?.run).toBe(2);
  });

  it('scopes keys to the verified caller: a refreshed token finds the key, another owner does not', async () => {
    const { state, send } = createApp();
    await send({ 'idempotency-key': 's1', authorization: 'Bearer old-token' });
    const refreshed = await send({ 'idempotency-key': 's1', authorization: 'Bearer new-token' });
    expect(state.runs).toBe(1);
    expect(refreshed.body.extensions?.idempotency).toEqual({ replayed: true });
    await send({ 'idempotency-key': 's1', authorization: 'Bearer new-token', 'x-owner': 'cust-2' });
    expect(state.runs).toBe(2);
  });

  it('answers IDEMPOTENCY_RESULT_NOT_STORED for a response over the cap, never a second write', async () => {
    const { state, send } = createApp({
      store: new MemoryIdempotencyStore({ maxEntryBytes: 1_000 }),
    });
    state.mode = 'big';
    const headers = { 'idempotency-key': 'b1', authorization: 'Bearer t1' };
    const first = await send(headers);
    expect(first.body.data?.change?.note).toHaveLength(5_000);
    const retry = await send(headers);
    expect(state.runs).toBe(1);
    expect(retry.status).toBe(409);
    expect(retry.body.errors?.[0]?.extensions.code).toBe('IDEMPOTENCY_RESULT_NOT_STORED');
  });

  it('answers IDEMPOTENCY_OUTCOME_UNKNOWN after a claim was abandoned', async () => {
    const store = new MemoryIdempotencyStore();
    const { state, send } = createApp({ store });
    // A replica claimed the key and died: its lease runs out without complete or release.
    const key = await scopedKey(send, store, 'd1');
    await store.reserve(key.storeKey, key.fingerprint, { leaseMs: 1, ttlMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const retry = await send({ 'idempotency-key': 'd1', authorization: 'Bearer t1' }, 7);
    expect(state.runs).toBe(key.runs);
    expect(retry.status).toBe(409);
    expect(retry.body.errors?.[0]?.extensions.code).toBe('IDEMPOTENCY_OUTCOME_UNKNOWN');
  });

  it('fails closed with IDEMPOTENCY_UNAVAILABLE when the store is unreachable', async () => {
    const broken: IdempotencyStore = {
      reserve: () => Promise.reject(new Error('connection refused')),
      complete: () => Promise.reject(new Error('connection refused')),
      release: () => Promise.reject(new Error('connection refused')),
      wait: () => Promise.reject(new Error('connection refused')),
    };
    let told = 0;
    const { state, send } = createApp({ store: broken, onStoreError: () => (told += 1) });
    const answer = await send({ 'idempotency-key': 'u1', authorization: 'Bearer t1' });
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.[0]?.extensions.code).toBe('IDEMPOTENCY_UNAVAILABLE');
    expect(state.runs).toBe(0);
    expect(told).toBe(1);
  });
});

/**
 * The store key and fingerprint the plugin uses for key `key` with variables `{n: 7}`, learned by
 * recording what it reserves (a probe request that is released because it sends no write).
 */
async function scopedKey(
  send: ReturnType<typeof createApp>['send'],
  store: MemoryIdempotencyStore,
  key: string,
): Promise<{ storeKey: string; fingerprint: string; runs: number }> {
  const original = store.reserve.bind(store);
  let seen: { storeKey: string; fingerprint: string } | undefined;
  store.reserve = async (storeKey, fingerprint, _options) => {
    seen = { storeKey, fingerprint };
    return { claimed: false, entry: { state: 'too_large', fingerprint: 'probe' } };
  };
  await send({ 'idempotency-key': key, authorization: 'Bearer t1' }, 7);
  store.reserve = original;
  if (!seen) {
    throw new Error('no reservation seen');
  }
  return { ...seen, runs: 0 };
}
