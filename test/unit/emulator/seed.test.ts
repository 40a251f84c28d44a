import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../src/emulator/api.ts';
import { createTestApi, fakeClock, ORGANIZATION, type Resource } from './helpers.ts';

describe('seed', () => {
  it('is deterministic: same seed, same ids and data', () => {
    const first = createTestApi({ seed: { customers: 40, seed: 99 } });
    const second = createTestApi({ seed: { customers: 40, seed: 99 } });
    const other = createTestApi({ seed: { customers: 40, seed: 100 } });
    const snapshot = (test: typeof first) =>
      test
        .all('customers', 'include=customer_addresses.address,tags,orders')
        .map((customer) => customer.attributes);
    expect(snapshot(first)).toEqual(snapshot(second));
    expect(first.all('orders').map((order) => order.id)).toEqual(
      second.all('orders').map((order) => order.id),
    );
    expect(first.api.counts()).toEqual(second.api.counts());
    expect(snapshot(first)).not.toEqual(snapshot(other));
  });

  it('seeds 10,000 customers with consistent statuses and a usable demo customer', {
    timeout: 120_000,
  }, () => {
    const api = createApi({ clock: fakeClock(), organization: ORGANIZATION });
    const summary = api.seed({ customers: 10_000, seed: 1 });
    expect(summary.counts.customers).toBe(10_000);
    expect(api.counts().customers).toBe(10_000);
    for (const type of [
      'customer_groups',
      'tags',
      'markets',
      'stock_locations',
      'orders',
      'returns',
      'addresses',
    ]) {
      expect(summary.counts[type], type).toBeGreaterThan(0);
    }
    expect(summary.counts.tags).toBe(20);
    expect(summary.counts.markets).toBe(3);
    expect(api.authenticateCustomer(summary.customer.email, summary.customer.password)).toBe(
      summary.customer.id,
    );
    expect(api.resolveScope(`market:code:${summary.marketCode}`)).toHaveLength(1);
    api.close();
  });

  it('derives status and total_orders_count from placed orders, and varies the data', () => {
    const test = createTestApi({ seed: { customers: 120, seed: 8 } });
    const customers = test.all('customers');
    for (const customer of customers.slice(0, 40)) {
      const placed = test.get(`customers/${customer.id}/orders`, 'filter[q][placed_at_null]=false')
        .doc.meta?.record_count;
      expect(customer.attributes.total_orders_count).toBe(placed);
      const expected = placed === 0 ? 'prospect' : placed === 1 ? 'acquired' : 'repeat';
      expect(customer.attributes.status).toBe(expected);
    }
    const statuses = new Set(test.all('orders').map((order) => order.attributes.status));
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining(['approved', 'cancelled', 'draft', 'pending', 'placed']),
    );
    const countries = new Set(
      test.all('addresses').map((address) => address.attributes.country_code),
    );
    expect(countries.size).toBeGreaterThanOrEqual(5);
    const anonymization = new Set(
      customers.map((customer) => customer.attributes.anonymization_status),
    );
    expect(anonymization.size).toBeGreaterThan(1);
    const order = test.all('orders')[0] as Resource;
    expect(order.attributes.formatted_total_amount).toEqual(expect.any(String));
    expect(order.attributes.total_amount_float).toBe(
      Number(order.attributes.total_amount_cents) / 100,
    );
  });

  it('refuses to seed a store that already has customers', () => {
    const test = createTestApi({ seed: { customers: 5, seed: 1 } });
    expect(() => test.api.seed({ customers: 5, seed: 1 })).toThrow(/already/);
  });
});

describe('persistence and scopes', () => {
  it('keeps data in a file across restarts', () => {
    const directory = mkdtempSync(join(tmpdir(), 'emulator-'));
    try {
      const file = join(directory, 'store.db');
      const first = createApi({ clock: fakeClock(), organization: ORGANIZATION, db: file });
      expect(first.counts().customers).toBe(0);
      expect(first.storedSeed?.()).toBeNull();
      const summary = first.seed({ customers: 20, seed: 4 });
      first.close();
      const second = createApi({ clock: fakeClock(), organization: ORGANIZATION, db: file });
      expect(second.counts().customers).toBe(20);
      expect(second.authenticateCustomer(summary.customer.email, summary.customer.password)).toBe(
        summary.customer.id,
      );
      expect(second.storedSeed?.()).toEqual({ ...summary, counts: second.counts() });
      second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('resolves market scopes by code, id and all', () => {
    const test = createTestApi({ seed: { customers: 3, seed: 2 } });
    const markets = test.all('markets');
    const europe = markets.find((market) => market.attributes.code === 'europe') as Resource;
    expect(test.api.resolveScope('market:code:europe')).toEqual([europe.id]);
    expect(test.api.resolveScope(`market:id:${europe.id}`)).toEqual([europe.id]);
    expect(test.api.resolveScope('market:all')?.sort()).toEqual(
      markets.map((market) => market.id).sort(),
    );
    expect(test.api.resolveScope('market:code:atlantis')).toBeNull();
    expect(test.api.resolveScope('market:id:NoSuchMkt')).toBeNull();
  });
});
