import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FaultCustomerAndTagsDocument,
  FaultCustomerBranchesDocument,
  FaultCustomerListDocument,
  FaultTagsTotalDocument,
} from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { codesOf, KNOWN_CODES, Outcomes } from './outcomes.ts';

let stack: TestStack;
let customerId: string;
const outcomes = new Outcomes('faults: 5xx, timeouts, malformed, drops');
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // A short per-attempt timeout, so held requests fail fast, yet long enough for a healthy answer on
  // a busy 2-core machine; the deadline leaves room for both retries.
  stack = await createTestStack({ upstream: { timeoutMs: 750, deadlineMs: 3_000 } });
  const list = await stack.execute(FaultCustomerListDocument, { first: 5 });
  expect(list.errors).toBeUndefined();
  customerId = list.data!.customers!.nodes[0]!.clId;
});

afterEach(() => {
  stack.emulator.faults.clear();
});

afterAll(async () => {
  outcomes.print();
  await stack.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** GET requests the emulator received under `pathPrefix` since `since`. */
function attempts(since: number, pathPrefix: string): number {
  return stack.emulator.requestLog.count({ since, pathPrefix, method: 'GET' });
}

describe('reads under 5xx bursts', () => {
  it.each([502, 503, 504])('retries a GET through a burst of two %i answers', async (status) => {
    stack.emulator.faults.add({ kind: 'error', status, pathPrefix: '/api/customers', count: 2 });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult(`${status} ×2 then ok`, result);
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes).toHaveLength(5);
    expect(attempts(since, '/api/customers')).toBe(3);
  });

  it.each([502, 503, 504])(
    'answers UPSTREAM_UNAVAILABLE when %i outlasts the retries',
    async (status) => {
      stack.emulator.faults.add({ kind: 'error', status, pathPrefix: '/api/customers' });
      const since = stack.emulator.requestLog.lastSeq;
      const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
      outcomes.recordResult(`${status} always`, result);
      expect(result.data).toEqual({ customers: null });
      expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(result.errors![0]!.extensions!.upstream).toMatchObject({ status });
      expect(attempts(since, '/api/customers')).toBe(3);
    },
  );

  it('does not retry a 500 (not transient) and answers UPSTREAM_UNAVAILABLE', async () => {
    stack.emulator.faults.add({ kind: 'error', status: 500, pathPrefix: '/api/customers' });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('500 always', result);
    expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(attempts(since, '/api/customers')).toBe(1);
  });
});

describe('reads under timeouts', () => {
  it('retries a GET whose first attempt times out', async () => {
    stack.emulator.faults.add({ kind: 'timeout', pathPrefix: '/api/customers', count: 1 });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('timeout ×1 then ok', result);
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes).toHaveLength(5);
    expect(attempts(since, '/api/customers')).toBe(2);
  });

  it('answers UPSTREAM_TIMEOUT when every attempt times out', async () => {
    stack.emulator.faults.add({ kind: 'timeout', pathPrefix: '/api/customers' });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('timeout always', result);
    expect(result.data).toEqual({ customers: null });
    expect(codesOf(result)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(attempts(since, '/api/customers')).toBeGreaterThanOrEqual(2);
    expect(attempts(since, '/api/customers')).toBeLessThanOrEqual(3);
  });

  it('answers UPSTREAM_TIMEOUT when a slow answer (held 1.5 s, then served) misses each attempt', async () => {
    stack.emulator.faults.add({ kind: 'timeout', holdMs: 1_500, pathPrefix: '/api/customers' });
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('held 1.5 s always', result);
    expect(codesOf(result)).toEqual(['UPSTREAM_TIMEOUT']);
  });
});

describe('reads under malformed bodies and dropped connections', () => {
  it('answers UPSTREAM_UNAVAILABLE for a truncated JSON body, without retrying it', async () => {
    stack.emulator.faults.add({ kind: 'malformed', pathPrefix: '/api/customers' });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('malformed always', result);
    expect(result.data).toEqual({ customers: null });
    expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(attempts(since, '/api/customers')).toBe(1);
  });

  it('retries a GET whose connection was dropped', async () => {
    stack.emulator.faults.add({ kind: 'drop', pathPrefix: '/api/customers', count: 1 });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('drop ×1 then ok', result);
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes).toHaveLength(5);
    expect(attempts(since, '/api/customers')).toBe(2);
  });

  it('answers UPSTREAM_UNAVAILABLE when every connection is dropped', async () => {
    stack.emulator.faults.add({ kind: 'drop', pathPrefix: '/api/customers' });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 5 });
    outcomes.recordResult('drop always', result);
    expect(result.data).toEqual({ customers: null });
    expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(attempts(since, '/api/customers')).toBe(3);
  });
});

describe('planning', () => {
  // Regression: a selection of only `totalCount` (or only `id`) planned `fields[tags]=id`, which
  // Commerce Layer refuses (id is not a sparse field), so the query failed with BAD_USER_INPUT.
  it('serves a list whose selection needs no attribute', async () => {
    const result = await stack.execute(FaultTagsTotalDocument);
    outcomes.recordResult('no fault: totalCount / id only', result);
    expect(result.errors).toBeUndefined();
    expect(result.data!.tags!.totalCount).toBeGreaterThan(0);
    expect(result.data!.customers!.nodes).toHaveLength(2);
  });
});

describe('random faults under concurrency', () => {
  it('answers every request with data or a typed code, and stays up', async () => {
    stack.emulator.faults.set([
      { kind: 'latency', latencyMs: 0, jitterMs: 20, rate: 0.5 },
      { kind: 'error', status: 503, rate: 0.1 },
      { kind: 'error', status: 500, rate: 0.05 },
      { kind: 'rate_limit', retryAfterSeconds: 0, rate: 0.05 },
      { kind: 'malformed', rate: 0.05 },
      { kind: 'drop', rate: 0.05 },
      { kind: 'timeout', holdMs: 1_500, rate: 0.05 },
    ]);
    const results = [];
    for (let round = 0; round < 3; round += 1) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? stack.execute(FaultCustomerBranchesDocument, { id: customerId })
              : stack.execute(FaultCustomerAndTagsDocument, { id: customerId }),
          ),
        )),
      );
    }
    for (const result of results) {
      outcomes.recordResult('random faults, 3 × 20 concurrent', result);
      expect(result.status).toBe(200);
      for (const code of codesOf(result)) {
        expect(KNOWN_CODES).toContain(code);
      }
    }
    stack.emulator.faults.clear();
    const after = await stack.execute(FaultCustomerAndTagsDocument, { id: customerId });
    expect(after.errors).toBeUndefined();
    expect(after.data!.customer!.clId).toBe(customerId);
  });
});
