import { describe, expect, it } from 'vitest';
import {
  classify,
  DEFAULT_RATE_LIMITS,
  endpointOf,
  RateLimiter,
} from '../../../src/emulator/rate-limit.ts';

function limiterAt(start = 1_000_000) {
  let now = start;
  const limiter = new RateLimiter({ now: () => now });
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('classify', () => {
  it('puts customers and their relationships in the uncacheable read class', () => {
    expect(classify('GET', 'customers')).toBe('uncacheable');
    expect(classify('GET', 'customer_addresses')).toBe('uncacheable');
  });

  it('puts markets, stock locations and *_promotions in the cacheable class', () => {
    expect(classify('GET', 'markets')).toBe('cacheable');
    expect(classify('GET', 'stock_locations')).toBe('cacheable');
    expect(classify('GET', 'percentage_discount_promotions')).toBe('cacheable');
  });

  it('counts every non-GET as a write', () => {
    expect(classify('POST', 'markets')).toBe('write');
    expect(classify('PATCH', 'customers')).toBe('write');
    expect(classify('DELETE', 'customers')).toBe('write');
  });
});

describe('endpointOf', () => {
  it('replaces ids so one relationship of many customers is one endpoint', () => {
    expect(endpointOf('GET', ['customers', 'abc', 'orders'])).toBe('GET /api/customers/:id/orders');
    expect(endpointOf('GET', ['customers', 'xyz', 'orders'])).toBe('GET /api/customers/:id/orders');
    expect(endpointOf('GET', ['customers'])).toBe('GET /api/customers');
  });
});

describe('RateLimiter', () => {
  it('uses the contract numbers', () => {
    expect(DEFAULT_RATE_LIMITS.uncacheable.test).toMatchObject({ average: 100, burst: 25 });
    expect(DEFAULT_RATE_LIMITS.uncacheable.live).toMatchObject({ average: 200, burst: 50 });
    expect(DEFAULT_RATE_LIMITS.write.test).toMatchObject({ average: 100, burst: 25 });
    expect(DEFAULT_RATE_LIMITS.cacheable.test).toMatchObject({ average: 500, burst: 125 });
    expect(DEFAULT_RATE_LIMITS.cacheable.live).toMatchObject({ average: 1000, burst: 250 });
    expect(DEFAULT_RATE_LIMITS.token.test).toMatchObject({ average: 30, averageWindowMs: 60_000 });
  });

  it('allows 25 requests to one endpoint in 10 s in test mode, then refuses with Retry-After', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 25; i++) {
      expect(limiter.check('c', 'uncacheable', 'GET /api/customers', 'test').allowed).toBe(true);
      advance(100);
    }
    const refused = limiter.check('c', 'uncacheable', 'GET /api/customers', 'test');
    expect(refused).toMatchObject({ allowed: false, limit: 100, intervalSeconds: 60 });
    expect(refused.remaining).toBe(75);
    // The first request leaves the 10 s window 7.5 s from now.
    expect(refused.retryAfterSeconds).toBe(8);
    // Another endpoint of the class still has its own burst budget.
    expect(limiter.check('c', 'uncacheable', 'GET /api/customer_groups', 'test').allowed).toBe(
      true,
    );
    advance(7_500);
    expect(limiter.check('c', 'uncacheable', 'GET /api/customers', 'test').allowed).toBe(true);
  });

  it('enforces the average over all endpoints of a class and reports Remaining', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 100; i++) {
      const verdict = limiter.check('c', 'write', `POST /api/r${i % 10}`, 'test');
      expect(verdict.allowed).toBe(true);
      expect(verdict.remaining).toBe(99 - i);
      advance(10);
    }
    const refused = limiter.check('c', 'write', 'POST /api/other', 'test');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(59);
  });

  it('keeps clients apart and can be switched off', () => {
    const { limiter } = limiterAt();
    limiter.configure({ uncacheable: { test: { burst: 1 } } });
    expect(limiter.check('a', 'uncacheable', 'GET /api/customers', 'test').allowed).toBe(true);
    expect(limiter.check('a', 'uncacheable', 'GET /api/customers', 'test').allowed).toBe(false);
    expect(limiter.check('b', 'uncacheable', 'GET /api/customers', 'test').allowed).toBe(true);
    limiter.enabled = false;
    expect(limiter.check('a', 'uncacheable', 'GET /api/customers', 'test').allowed).toBe(true);
  });
});
