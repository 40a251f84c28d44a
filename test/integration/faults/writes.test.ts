import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultSpec } from '../../../src/emulator/faults.ts';
import {
  CustomerCreateMinimalDocument,
  CustomerUpdateDocument,
  FaultCustomerListDocument,
} from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { Outcomes } from './outcomes.ts';

let stack: TestStack;
let token: string;
let customerId: string;
const outcomes = new Outcomes('faults: writes');

beforeAll(async () => {
  stack = await createTestStack({
    emulator: { customers: 10 },
    upstream: { timeoutMs: 750, deadlineMs: 3_000 },
  });
  token = await stack.integrationToken();
  const list = await stack.execute(FaultCustomerListDocument, { first: 1 });
  customerId = list.data!.customers!.nodes[0]!.clId;
});

afterEach(() => {
  stack.emulator.faults.clear();
});

afterAll(async () => {
  outcomes.print();
  await stack.close();
});

/** A GET straight to the emulator (faults here only hit POST/PATCH). */
async function emulatorGet<T>(path: string): Promise<T> {
  const response = await fetch(`${stack.emulator.apiUrl}/${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** How many times the store applied an update setting `reference` to `value`. */
async function updatesSetting(id: string, value: string): Promise<number> {
  const document = await emulatorGet<{
    data: { attributes: { event: string; payload: { reference?: [unknown, unknown] } } }[];
  }>(`customers/${id}/event_stores?page[size]=25&sort=-created_at`);
  return document.data.filter(
    (event) =>
      event.attributes.event === 'update' && event.attributes.payload.reference?.[1] === value,
  ).length;
}

/** How many customers the store holds with this email. */
async function customersWithEmail(email: string): Promise<number> {
  const document = await emulatorGet<{ meta: { record_count: number } }>(
    `customers?filter[q][email_eq]=${encodeURIComponent(email)}`,
  );
  return document.meta.record_count;
}

/** Waits until every `method` request since `since` was answered (held ones included). */
async function settled(since: number, method: string, expected: number): Promise<void> {
  await vi.waitFor(
    () => {
      expect(stack.emulator.requestLog.count({ since, method, pathPrefix: '/api/' })).toBe(
        expected,
      );
    },
    { timeout: 10_000, interval: 50 },
  );
}

/** The outcome the client is told, and whether the store may then hold the write. */
const FAULTS: readonly {
  readonly label: string;
  readonly fault: Omit<FaultSpec, 'method'>;
  readonly code: string;
  /** Times the store applied the write afterwards: exactly 0, or 0 or 1 (never more). */
  readonly applied: 0 | '≤1';
}[] = [
  // Any 5xx, 500 included, may come after the write reached Commerce Layer's data (a 502/504 from
  // a proxy, a 500 raised after the commit): the client is told the outcome is unknown.
  { label: '500', fault: { kind: 'error', status: 500 }, code: 'UNKNOWN_OUTCOME', applied: 0 },
  { label: '503', fault: { kind: 'error', status: 503 }, code: 'UNKNOWN_OUTCOME', applied: 0 },
  { label: '502', fault: { kind: 'error', status: 502 }, code: 'UNKNOWN_OUTCOME', applied: 0 },
  { label: '504', fault: { kind: 'error', status: 504 }, code: 'UNKNOWN_OUTCOME', applied: 0 },
  {
    label: '429',
    fault: { kind: 'rate_limit', retryAfterSeconds: 0 },
    code: 'RATE_LIMITED',
    applied: 0,
  },
  { label: 'drop', fault: { kind: 'drop' }, code: 'UNKNOWN_OUTCOME', applied: 0 },
  { label: 'malformed 2xx', fault: { kind: 'malformed' }, code: 'UNKNOWN_OUTCOME', applied: 0 },
  // Held past the gateway's timeout, then served if the client still listens: whether the write
  // lands is unknown to the gateway (this emulator drops it once the client has gone).
  {
    label: 'slow (held 1.5 s)',
    fault: { kind: 'timeout', holdMs: 1_500 },
    code: 'UNKNOWN_OUTCOME',
    applied: '≤1',
  },
];

describe('customerUpdate under faults', () => {
  it.each(FAULTS)(
    '$label: one attempt, the client is told $code, applied $applied time(s)',
    async ({ label, fault, code, applied }) => {
      const value = `ref-${label.replace(/\W+/g, '-')}`;
      stack.emulator.faults.add({ ...fault, method: 'PATCH', count: 1 });
      const since = stack.emulator.requestLog.lastSeq;
      const result = await stack.execute(CustomerUpdateDocument, {
        id: customerId,
        input: { reference: value },
      });
      outcomes.record(
        `customerUpdate, ${label}`,
        result.data?.customerUpdate.userErrors.map((error) => error.code).join('+') || 'updated',
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.customerUpdate.customer).toBeNull();
      expect(result.data!.customerUpdate.userErrors).toEqual([expect.objectContaining({ code })]);
      await settled(since, 'PATCH', 1);
      const times = await updatesSetting(customerId, value);
      expect(times).toBeLessThanOrEqual(applied === 0 ? 0 : 1);
    },
  );

  it('applies each of 20 concurrent updates at most once under random faults, as reported', async () => {
    stack.emulator.faults.set([
      { kind: 'error', status: 503, method: 'PATCH', rate: 0.15 },
      { kind: 'error', status: 502, method: 'PATCH', rate: 0.1 },
      { kind: 'drop', method: 'PATCH', rate: 0.1 },
      { kind: 'timeout', holdMs: 1_500, method: 'PATCH', rate: 0.1 },
    ]);
    const since = stack.emulator.requestLog.lastSeq;
    const values = Array.from({ length: 20 }, (_, i) => `concurrent-${i}`);
    const results = await Promise.all(
      values.map((value) =>
        stack.execute(CustomerUpdateDocument, { id: customerId, input: { reference: value } }),
      ),
    );
    await settled(since, 'PATCH', 20);
    for (const [i, result] of results.entries()) {
      expect(result.errors).toBeUndefined();
      const codes = result.data!.customerUpdate.userErrors.map((error) => error.code);
      outcomes.record('customerUpdate ×20 concurrent, random faults', codes.join('+') || 'updated');
      const times = await updatesSetting(customerId, values[i]!);
      if (codes.length === 0) {
        expect(result.data!.customerUpdate.customer!.reference).toBe(values[i]);
        expect(times).toBe(1);
      } else if (codes[0] === 'UNKNOWN_OUTCOME') {
        expect(times).toBeLessThanOrEqual(1);
      } else {
        expect(codes).toEqual(['UPSTREAM_UNAVAILABLE']);
        expect(times).toBe(0);
      }
    }
  });
});

describe('customerCreate under faults', () => {
  it.each(FAULTS)(
    '$label: one attempt, the client is told $code, created $applied time(s)',
    async ({ label, fault, code, applied }) => {
      const email = `create-${label.replace(/\W+/g, '-')}@faults.test`;
      stack.emulator.faults.add({ ...fault, method: 'POST', count: 1 });
      const since = stack.emulator.requestLog.lastSeq;
      const result = await stack.execute(CustomerCreateMinimalDocument, { input: { email } });
      outcomes.record(
        `customerCreate, ${label}`,
        result.data?.customerCreate.userErrors.map((error) => error.code).join('+') || 'created',
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.customerCreate.customer).toBeNull();
      expect(result.data!.customerCreate.userErrors).toEqual([expect.objectContaining({ code })]);
      await settled(since, 'POST', 1);
      const times = await customersWithEmail(email);
      expect(times).toBeLessThanOrEqual(applied === 0 ? 0 : 1);
    },
  );
});
