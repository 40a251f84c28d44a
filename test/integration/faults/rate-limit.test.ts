import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultCustomerListDocument } from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { codesOf, Outcomes } from './outcomes.ts';

let stack: TestStack;
const outcomes = new Outcomes('faults: 429 and Retry-After');

beforeAll(async () => {
  // Waits up to 1 s for Retry-After, within a 5 s deadline, at most 2 retries.
  stack = await createTestStack({
    upstream: { maxRetryAfterMs: 1_000, deadlineMs: 5_000, retryLimit: 2 },
  });
});

afterEach(() => {
  stack.emulator.faults.clear();
});

afterAll(async () => {
  outcomes.print();
  await stack.close();
});

function attempts(since: number): number {
  return stack.emulator.requestLog.count({ since, pathPrefix: '/api/customers', method: 'GET' });
}

describe('429 with Retry-After on reads', () => {
  it('retries a GET through a burst of two 429s (Retry-After: 0)', async () => {
    stack.emulator.faults.add({
      kind: 'rate_limit',
      retryAfterSeconds: 0,
      pathPrefix: '/api/customers',
      count: 2,
    });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 3 });
    outcomes.recordResult('429 ×2 (Retry-After 0) then ok', result);
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes).toHaveLength(3);
    expect(attempts(since)).toBe(3);
  });

  it('waits a Retry-After that fits in the deadline, then serves the data', async () => {
    stack.emulator.faults.add({
      kind: 'rate_limit',
      retryAfterSeconds: 1,
      pathPrefix: '/api/customers',
      count: 1,
    });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 3 });
    outcomes.recordResult('429 ×1 (Retry-After 1) then ok', result);
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.nodes).toHaveLength(3);
    expect(attempts(since)).toBe(2);
  });

  it('answers RATE_LIMITED with retryAfter once the retries are spent', async () => {
    stack.emulator.faults.add({
      kind: 'rate_limit',
      retryAfterSeconds: 0,
      pathPrefix: '/api/customers',
    });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 3 });
    outcomes.recordResult('429 always (Retry-After 0)', result);
    expect(result.data).toEqual({ customers: null });
    expect(codesOf(result)).toEqual(['RATE_LIMITED']);
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: 0,
      upstream: { status: 429 },
    });
    expect(attempts(since)).toBe(3);
  });

  it('answers RATE_LIMITED at once when Retry-After is longer than the gateway waits', async () => {
    stack.emulator.faults.add({
      kind: 'rate_limit',
      retryAfterSeconds: 30,
      pathPrefix: '/api/customers',
    });
    const since = stack.emulator.requestLog.lastSeq;
    const result = await stack.execute(FaultCustomerListDocument, { first: 3 });
    outcomes.recordResult('429 (Retry-After 30 > max wait)', result);
    expect(codesOf(result)).toEqual(['RATE_LIMITED']);
    expect(result.errors![0]!.extensions).toMatchObject({ retryAfter: 30 });
    expect(attempts(since)).toBe(1);
  });

  it('serves every caller of a concurrent burst once the 429s pass', async () => {
    stack.emulator.faults.add({
      kind: 'rate_limit',
      retryAfterSeconds: 0,
      pathPrefix: '/api/customers',
      count: 10,
    });
    const since = stack.emulator.requestLog.lastSeq;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => stack.execute(FaultCustomerListDocument, { first: 2 })),
    );
    for (const result of results) {
      outcomes.recordResult('10 concurrent callers, 10 × 429 (Retry-After 0)', result);
    }
    // Which caller draws which 429 depends on arrival order; what holds for any order: a caller
    // is either served or RATE_LIMITED after all 3 of its attempts were refused.
    const served = results.filter((result) => result.errors === undefined).length;
    const limited = results.filter((result) => codesOf(result).join() === 'RATE_LIMITED').length;
    expect(served + limited).toBe(10);
    expect(served).toBeGreaterThan(0);
    const rejected = stack.emulator.requestLog
      .entries({ since, pathPrefix: '/api/customers' })
      .filter((entry) => entry.status === 429).length;
    expect(rejected).toBe(10);
    expect(attempts(since)).toBe(served + rejected);
    expect(limited * 3).toBeLessThanOrEqual(rejected);
  });
});

describe('429 with a Retry-After beyond the deadline', () => {
  it('answers RATE_LIMITED at once instead of waiting past the deadline', async () => {
    const tight = await createTestStack({
      emulator: { customers: 5 },
      upstream: { maxRetryAfterMs: 5_000, deadlineMs: 800 },
    });
    try {
      tight.emulator.faults.add({
        kind: 'rate_limit',
        retryAfterSeconds: 2,
        pathPrefix: '/api/customers',
      });
      const since = tight.emulator.requestLog.lastSeq;
      const result = await tight.execute(FaultCustomerListDocument, { first: 2 });
      outcomes.recordResult('429 (Retry-After 2 s > 800 ms deadline)', result);
      expect(codesOf(result)).toEqual(['RATE_LIMITED']);
      expect(result.errors![0]!.extensions).toMatchObject({ retryAfter: 2 });
      expect(
        tight.emulator.requestLog.count({ since, pathPrefix: '/api/customers', method: 'GET' }),
      ).toBe(1);
    } finally {
      await tight.close();
    }
  });
});

describe("the emulator's own rate limiter", () => {
  it('answers RATE_LIMITED with the limiter Retry-After once the burst is spent', async () => {
    const limited = await createTestStack({
      emulator: {
        customers: 5,
        rateLimit: { enabled: true, limits: { uncacheable: { test: { burst: 3 } } } },
      },
      upstream: { maxRetryAfterMs: 500 },
    });
    try {
      const results = [];
      for (let i = 0; i < 5; i += 1) {
        results.push(await limited.execute(FaultCustomerListDocument, { first: 2 }));
      }
      for (const result of results) {
        outcomes.recordResult('real limiter, burst 3, 5 sequential calls', result);
      }
      expect(results.slice(0, 3).every((result) => result.errors === undefined)).toBe(true);
      for (const result of results.slice(3)) {
        expect(codesOf(result)).toEqual(['RATE_LIMITED']);
        expect(result.errors![0]!.extensions!.retryAfter).toEqual(expect.any(Number));
        expect(result.errors![0]!.extensions!.retryAfter).toBeGreaterThan(0);
      }
    } finally {
      await limited.close();
    }
  });
});
