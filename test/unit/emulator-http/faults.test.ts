import { describe, expect, it } from 'vitest';
import { createPrng, Faults, validateFaultSpec } from '../../../src/emulator/faults.ts';

describe('Faults', () => {
  it('hits only the next N matching requests, then removes the rule', () => {
    const faults = new Faults();
    faults.add({
      kind: 'error',
      status: 503,
      count: 2,
      method: 'GET',
      pathPrefix: '/api/customers',
    });
    expect(faults.decide('POST', '/api/customers').terminal).toBeUndefined();
    expect(faults.decide('GET', '/api/markets').terminal).toBeUndefined();
    expect(faults.decide('GET', '/api/customers/abc').terminal?.status).toBe(503);
    expect(faults.decide('GET', '/api/customers').terminal?.kind).toBe('error');
    expect(faults.decide('GET', '/api/customers').terminal).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('draws rates from a seeded PRNG: the same seed hits the same requests', () => {
    const run = () => {
      const faults = new Faults(42);
      faults.add({ kind: 'drop', rate: 0.3 });
      return Array.from(
        { length: 50 },
        () => faults.decide('GET', '/api/customers').terminal?.kind,
      );
    };
    const first = run();
    expect(run()).toEqual(first);
    const hits = first.filter((kind) => kind === 'drop').length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(25);
  });

  it('adds latency from every matching rule and lets one terminal fault win', () => {
    const faults = new Faults();
    faults.add({ kind: 'latency', latencyMs: 20 });
    faults.add({ kind: 'latency', latencyMs: 5, jitterMs: 10 });
    faults.add({ kind: 'malformed' });
    faults.add({ kind: 'drop' });
    const decision = faults.decide('GET', '/api/customers');
    expect(decision.delayMs).toBeGreaterThanOrEqual(25);
    expect(decision.delayMs).toBeLessThan(35);
    expect(decision.terminal?.kind).toBe('malformed');
    expect(decision.applied).toEqual(['latency', 'latency', 'malformed']);
  });

  it('leaves the token endpoint alone unless a rule names it', () => {
    const faults = new Faults();
    faults.add({ kind: 'error' });
    expect(faults.decide('POST', '/oauth/token').terminal).toBeUndefined();
    faults.add({ kind: 'error', pathPrefix: '/oauth' });
    expect(faults.decide('POST', '/oauth/token').terminal?.kind).toBe('error');
  });

  it('rejects invalid specs with a readable message', () => {
    expect(() => validateFaultSpec({ kind: 'explode' })).toThrow(/kind must be one of/);
    expect(() => validateFaultSpec({ kind: 'error', status: 418 })).toThrow(/500, 502, 503 or 504/);
    expect(() => validateFaultSpec({ kind: 'error', rate: 2 })).toThrow(/rate/);
    expect(() => validateFaultSpec({ kind: 'latency' })).toThrow(/latencyMs/);
    expect(() => validateFaultSpec({ kind: 'drop', colour: 'red' })).toThrow(/colour/);
  });

  it('createPrng yields numbers in [0, 1)', () => {
    const random = createPrng(7);
    const values = Array.from({ length: 1000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});
