import { describe, expect, it } from 'vitest';
import {
  BudgetExhaustedError,
  budgetRules,
  COMMERCE_LAYER_LIMITS,
  classOf,
  createRateBudget,
  endpointOf,
  MemoryBudgetCounter,
} from '../../../src/upstream/rate-budget.ts';

describe('rate budget', () => {
  it('classifies requests and endpoints as Commerce Layer counts them', () => {
    expect(classOf('GET', 'customers/abc/orders')).toBe('uncacheable');
    expect(classOf('GET', 'markets')).toBe('cacheable');
    expect(classOf('PATCH', 'customers/abc')).toBe('write');
    expect(endpointOf('GET', 'customers/abc/orders')).toBe('GET customers/:id/orders');
    expect(COMMERCE_LAYER_LIMITS.test.uncacheable).toMatchObject({ average: 100, burst: 25 });
    expect(COMMERCE_LAYER_LIMITS.live.write).toMatchObject({ average: 200, burst: 50 });
    expect(budgetRules('live', 0.5).cacheable).toMatchObject({ average: 500, burst: 125 });
  });

  it('waits for a slot when the wait fits the deadline, else refuses with retryAfter', async () => {
    let now = 0;
    const rules = budgetRules('test', 0.08, 0); // burst 2 per 10 s, average 8 per minute
    const budget = createRateBudget({
      counter: new MemoryBudgetCounter(() => now),
      rules,
      now: () => now,
    });
    await budget.take('GET', 'customers/a', 100_000);
    await budget.take('GET', 'customers/b', 100_000);
    const refused = await budget.take('GET', 'customers/c', 5_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetExhaustedError);
    expect((refused as BudgetExhaustedError).retryAfterSeconds).toBe(10);
    // Another endpoint has its own burst.
    await budget.take('GET', 'customer_groups', 5_000);
    now = 10_001;
    await budget.take('GET', 'customers/d', now + 1_000);
    expect(budget.status('uncacheable')).toEqual({ limit: 8, remaining: 4, intervalSeconds: 60 });
  });

  it('admits an operation whose predicted cost fits, waits or refuses one that does not', async () => {
    const rules = budgetRules('test', 0.03, 0); // average 3 per minute
    const budget = createRateBudget({ counter: new MemoryBudgetCounter(), rules });
    expect(await budget.admit('uncacheable', 2, Date.now() + 1_000)).toEqual({});
    // Three endpoints (the burst is 1 per endpoint at this share), one class average of 3.
    for (const path of ['customers', 'customer_groups', 'customer_addresses']) {
      await budget.take('GET', path, Date.now() + 1_000);
    }
    const verdict = await budget.admit('uncacheable', 1, Date.now() + 1_000);
    expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect((await budget.admit('uncacheable', 4, Date.now() + 1_000)).retryAfterSeconds).toBe(60);
  });
});
