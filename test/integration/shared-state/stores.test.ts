/**
 * The shared-state stores against a real redis-server (started on a free port, no persistence),
 * and the idempotency store's semantics against both implementations: memory and Redis must
 * behave alike.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IdempotencyStore,
  IdempotencyStoreFullError,
  type IdempotencyStoreLimits,
  MemoryIdempotencyStore,
} from '../../../src/plugins/idempotency-store.ts';
import {
  InProcessKeyedLock,
  type KeyedLock,
  LockTimeoutError,
  LockUnavailableError,
} from '../../../src/schema/customer/customer-lock.ts';
import { connectRedis, type SharedRedis } from '../../../src/shared-state/redis.ts';
import { RedisIdempotencyStore } from '../../../src/shared-state/redis-idempotency-store.ts';
import { RedisKeyedLock } from '../../../src/shared-state/redis-lock.ts';
import { RedisBudgetCounter } from '../../../src/shared-state/redis-rate-budget.ts';
import { RedisTokenStore } from '../../../src/shared-state/redis-token-store.ts';
import {
  BudgetExhaustedError,
  budgetRules,
  createRateBudget,
} from '../../../src/upstream/rate-budget.ts';
import { type CachedToken, createTokenManager } from '../../../src/upstream/token.ts';
import { machineHas } from '../../helpers/machine.ts';
import { type RedisProcess, startRedis } from '../../helpers/processes.ts';

/**
 * redis-server comes from Debian (`apt-get install -y redis-server haproxy`; `.ci/run` installs them).
 * Missing locally: skipped with a message; in CI (`CI` set) the tests must run.
 */
const runnable = machineHas(['/usr/bin/redis-server']);

let redis: RedisProcess;
const clients: SharedRedis[] = [];

function client(prefix = `t${randomUUID().slice(0, 8)}:`, url = redis.url): SharedRedis {
  const shared = connectRedis({ url, keyPrefix: prefix, commandTimeoutMs: 500 });
  clients.push(shared);
  return shared;
}

async function ready(shared: SharedRedis): Promise<SharedRedis> {
  for (let i = 0; i < 100 && !shared.up; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return shared;
}

beforeAll(async () => {
  if (!runnable) {
    return;
  }
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((shared) => shared.close()));
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LONG = { leaseMs: 10_000, ttlMs: 60_000 };

const stores: [string, (limits?: IdempotencyStoreLimits) => Promise<IdempotencyStore>][] = [
  ['memory', async (limits) => new MemoryIdempotencyStore(limits)],
  ['redis', async (limits) => new RedisIdempotencyStore(await ready(client()), limits)],
];

describe.skipIf(!runnable).each(stores)('idempotency store (%s)', (_name, create) => {
  it('claims atomically, stores the first response and replays it', async () => {
    const store = await create();
    const claims = await Promise.all([1, 2, 3].map(() => store.reserve('k', 'f1', LONG)));
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    const owner = (claims.find((claim) => claim.claimed) as { owner: string }).owner;
    expect(claims.find((claim) => !claim.claimed)).toEqual({
      claimed: false,
      entry: { state: 'in_flight', fingerprint: 'f1' },
    });
    await store.complete('k', 'other-owner', { data: { wrong: true } });
    await store.complete('k', owner, { data: { a: 1 }, errors: [{ message: 'partial' }] });
    expect(await store.reserve('k', 'f2', LONG)).toEqual({
      claimed: false,
      entry: {
        state: 'completed',
        fingerprint: 'f1',
        result: { data: { a: 1 }, errors: [{ message: 'partial' }] },
      },
    });
  });

  it('frees a released key, and wakes a waiter when the first execution completes', async () => {
    const store = await create();
    const first = await store.reserve('r', 'f', LONG);
    if (!first.claimed) {
      throw new Error('not claimed');
    }
    await store.release('r', first.owner);
    const second = await store.reserve('r', 'f', LONG);
    if (!second.claimed) {
      throw new Error('not claimed again');
    }
    const waiting = store.wait('r', 5_000);
    setTimeout(() => void store.complete('r', second.owner, { data: { done: 1 } }), 50);
    expect(await waiting).toEqual({
      state: 'completed',
      fingerprint: 'f',
      result: { data: { done: 1 } },
    });
    const stillRunning = await store.reserve('w', 'f', LONG);
    expect(stillRunning.claimed).toBe(true);
    const started = Date.now();
    expect(await store.wait('w', 150)).toEqual({ state: 'in_flight', fingerprint: 'f' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('turns a claim whose lease ran out into abandoned, for good', async () => {
    const store = await create();
    const claim = await store.reserve('a', 'f', { leaseMs: 100, ttlMs: 60_000 });
    if (!claim.claimed) {
      throw new Error('not claimed');
    }
    await sleep(150);
    expect(await store.reserve('a', 'f', LONG)).toEqual({
      claimed: false,
      entry: { state: 'abandoned', fingerprint: 'f' },
    });
    // The late owner cannot complete or release it any more.
    await store.complete('a', claim.owner, { data: { late: true } });
    await store.release('a', claim.owner);
    expect(await store.wait('a', 10)).toEqual({ state: 'abandoned', fingerprint: 'f' });
  });

  it('keeps a response over the per-entry cap as too_large, never as a free key', async () => {
    const store = await create({ maxEntryBytes: 100 });
    const claim = await store.reserve('big', 'f', LONG);
    if (!claim.claimed) {
      throw new Error('not claimed');
    }
    await store.complete('big', claim.owner, { data: { blob: 'x'.repeat(500) } });
    expect(await store.reserve('big', 'f', LONG)).toEqual({
      claimed: false,
      entry: { state: 'too_large', fingerprint: 'f' },
    });
  });

  it('drops the oldest responses under byte pressure, keeping their keys', async () => {
    const store = await create({ maxBytes: 2_000, maxEntryBytes: 1_000 });
    for (const key of ['b1', 'b2', 'b3']) {
      const claim = await store.reserve(key, 'f', LONG);
      if (!claim.claimed) {
        throw new Error('not claimed');
      }
      await store.complete(key, claim.owner, { data: { blob: 'y'.repeat(600) } });
    }
    const states = await Promise.all(['b1', 'b2', 'b3'].map((key) => store.wait(key, 10)));
    expect(states.map((entry) => entry?.state)).toEqual(['too_large', 'completed', 'completed']);
  });

  it('evicts the oldest finished keys past the count cap, and refuses when all are in flight', async () => {
    const store = await create({ maxEntries: 3 });
    for (const key of ['c1', 'c2', 'c3', 'c4']) {
      const claim = await store.reserve(key, 'f', LONG);
      if (!claim.claimed) {
        throw new Error('not claimed');
      }
      await store.complete(key, claim.owner, { data: { key } });
    }
    expect(await store.wait('c1', 10)).toBeUndefined();
    expect((await store.wait('c4', 10))?.state).toBe('completed');
    const full = await create({ maxEntries: 2 });
    await full.reserve('i1', 'f', LONG);
    await full.reserve('i2', 'f', LONG);
    await expect(full.reserve('i3', 'f', LONG)).rejects.toBeInstanceOf(IdempotencyStoreFullError);
  });
});

const locks: [string, () => Promise<KeyedLock>][] = [
  ['memory', async () => new InProcessKeyedLock()],
  ['redis', async () => new RedisKeyedLock(await ready(client()), { ttlMs: 300 })],
];

describe.skipIf(!runnable).each(locks)('keyed lock (%s)', (_name, create) => {
  it('runs the tasks of one key one at a time, and bounds the wait', async () => {
    const lock = await create();
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        lock.run('k', async () => {
          running += 1;
          most = Math.max(most, running);
          await sleep(5);
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    const holding = lock.run('slow', () => sleep(400));
    await sleep(20);
    await expect(lock.run('slow', async () => 'ran', { waitMs: 100 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    await holding;
    expect(await lock.run('slow', async () => 'ran', { waitMs: 100 })).toBe('ran');
  });
});

describe.skipIf(!runnable)('redis lock', () => {
  it('is renewed while held, and a dead holder’s lock expires by itself', async () => {
    const shared = await ready(client());
    const lock = new RedisKeyedLock(shared, { ttlMs: 200 });
    // A holder that outlives the ttl keeps its lock (renewal).
    const holder = lock.run('renewed', () => sleep(600));
    await sleep(400);
    await expect(lock.run('renewed', async () => 1, { waitMs: 50 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    await holder;
    // A dead holder: its key stays without renewal and frees itself after the ttl.
    await shared.client.set(`${shared.keyPrefix}lock:dead`, 'someone-else', 'PX', 200);
    const started = Date.now();
    expect(await lock.run('dead', async () => 'mine', { waitMs: 2_000 })).toBe('mine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // Compare-and-delete: releasing never removes another holder's lock.
    expect(await shared.client.get(`${shared.keyPrefix}lock:dead`)).toBeNull();
  });

  it('fails with LockUnavailableError when Redis is unreachable', async () => {
    const down = client('down:', 'redis://127.0.0.1:9');
    const lock = new RedisKeyedLock(down);
    await expect(lock.run('x', async () => 1)).rejects.toBeInstanceOf(LockUnavailableError);
  });
});

describe.skipIf(!runnable)('redis token store', () => {
  it('fetches one token for many concurrent callers across replicas, and refreshes once after a rejection', async () => {
    const prefix = `tok${randomUUID().slice(0, 6)}:`;
    const replicas = await Promise.all([1, 2, 3].map(() => ready(client(prefix))));
    const stores = replicas.map((shared) => new RedisTokenStore(shared, 'identity'));
    let fetches = 0;
    const fetch = async (): Promise<CachedToken> => {
      fetches += 1;
      await sleep(50);
      return { token: `token-${fetches}`, refreshAt: Date.now() + 60_000 };
    };
    const tokens = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (stores[i % 3] as RedisTokenStore).fetchOnce(fetch, undefined),
      ),
    );
    expect(fetches).toBe(1);
    expect(new Set(tokens.map((token) => token.token))).toEqual(new Set(['token-1']));
    await Promise.all(stores.map((store) => store.invalidate('token-1')));
    const after = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        (stores[i % 3] as RedisTokenStore).fetchOnce(fetch, 'token-1'),
      ),
    );
    expect(fetches).toBe(2);
    expect(new Set(after.map((token) => token.token))).toEqual(new Set(['token-2']));
  });
});

describe.skipIf(!runnable)('token managers of three replicas over one Redis', () => {
  it('make one token request for 60 concurrent gets, and one refresh after a 401 invalidates it', async () => {
    let issued = 0;
    const server = createServer((request, response) => {
      issued += 1;
      const token = `token-${issued}`;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 7200 }),
        );
      }, 30);
      request.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const authUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
    try {
      const prefix = `mgr${randomUUID().slice(0, 6)}:`;
      const managers = await Promise.all(
        [1, 2, 3].map(async () =>
          createTokenManager({
            authUrl,
            clientId: 'id',
            clientSecret: 'secret',
            timeoutMs: 2_000,
            store: new RedisTokenStore(await ready(client(prefix)), authUrl),
          }),
        ),
      );
      const first = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (managers[i % 3] as (typeof managers)[number]).get()),
      );
      expect(issued).toBe(1);
      expect(new Set(first)).toEqual(new Set(['token-1']));
      // The Core API answered 401 INVALID_TOKEN to token-1 on every replica.
      for (const manager of managers) {
        manager.invalidate('token-1');
      }
      const second = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (managers[i % 3] as (typeof managers)[number]).get()),
      );
      expect(issued).toBe(2);
      expect(new Set(second)).toEqual(new Set(['token-2']));
    } finally {
      server.close();
    }
  });
});

describe.skipIf(!runnable)('redis rate budget', () => {
  it('shares one burst window between replicas and refuses the excess before sending', async () => {
    const prefix = `rate${randomUUID().slice(0, 6)}:`;
    const rules = budgetRules('test', 0.2, 0); // burst 5, average 20
    const budgets = await Promise.all(
      [1, 2, 3].map(async () =>
        createRateBudget({ counter: new RedisBudgetCounter(await ready(client(prefix))), rules }),
      ),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        (budgets[i % 3] as (typeof budgets)[number]).take(
          'GET',
          `customers/${i}`,
          Date.now() + 500,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused).toHaveLength(7);
    const reason = (refused[0] as PromiseRejectedResult).reason as BudgetExhaustedError;
    expect(reason).toBeInstanceOf(BudgetExhaustedError);
    expect(reason.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another endpoint has its own burst; the class's average is shared.
    await budgets[0]?.take('GET', 'customer_groups', Date.now() + 500);
    expect(budgets[1]?.status('uncacheable')).toMatchObject({ limit: 20 });
    expect(budgets[0]?.status('uncacheable').remaining).toBe(14);
  });

  it('falls back to its own windows while Redis is unreachable', async () => {
    const counter = new RedisBudgetCounter(client('x:', 'redis://127.0.0.1:9'));
    const budget = createRateBudget({ counter, rules: budgetRules('test', 0.2, 0) });
    for (let i = 0; i < 5; i += 1) {
      await budget.take('GET', 'customers', Date.now() + 100);
    }
    expect(counter.degraded).toBe(true);
    await expect(budget.take('GET', 'customers', Date.now() + 100)).rejects.toBeInstanceOf(
      BudgetExhaustedError,
    );
  });
});
