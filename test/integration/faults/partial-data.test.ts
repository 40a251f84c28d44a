import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FaultCustomerAndTagsDocument,
  FaultCustomerBranchesDocument,
  FaultCustomerListDocument,
} from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { Outcomes } from './outcomes.ts';

let stack: TestStack;
let customerId: string;
const outcomes = new Outcomes('faults: partial data');

beforeAll(async () => {
  // Held requests time out after 750 ms; a healthy answer fits even on a busy machine.
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
});

describe('partial failures keep the other branches', () => {
  it('keeps tags when the customer lookup fails (nullable root field)', async () => {
    stack.emulator.faults.add({ kind: 'error', status: 503, pathPrefix: '/api/customers' });
    const result = await stack.execute(FaultCustomerAndTagsDocument, { id: customerId });
    outcomes.recordResult('503 on /api/customers, tags ok', result);
    expect(result.data!.customer).toBeNull();
    expect(result.data!.tags!.nodes.length).toBeGreaterThan(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({
      path: ['customer'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
  });

  const branchFaults = [
    { label: '503', fault: { kind: 'error', status: 503 }, code: 'UPSTREAM_UNAVAILABLE' },
    { label: 'timeout', fault: { kind: 'timeout' }, code: 'UPSTREAM_TIMEOUT' },
    { label: 'malformed', fault: { kind: 'malformed' }, code: 'UPSTREAM_UNAVAILABLE' },
    { label: 'drop', fault: { kind: 'drop' }, code: 'UPSTREAM_UNAVAILABLE' },
  ] as const;
  const cases = branchFaults.flatMap((c) => [
    { ...c, planning: true },
    { ...c, planning: false },
  ]);

  it.each(cases)(
    'keeps the customer and its addresses when its event stores fail ($label, planning $planning)',
    async ({ label, fault, code, planning }) => {
      for (const pathPrefix of [`/api/customers/${customerId}/event_stores`, '/api/event_stores']) {
        stack.emulator.faults.add({ ...fault, pathPrefix });
      }
      const result = await stack.execute(
        FaultCustomerBranchesDocument,
        { id: customerId },
        { planning },
      );
      outcomes.recordResult(`${label} on event_stores (planning ${planning})`, result);
      expect(result.data!.customer).toMatchObject({ clId: customerId });
      expect(result.data!.customer!.email).toEqual(expect.any(String));
      expect(result.data!.customer!.addresses!.totalCount).toEqual(expect.any(Number));
      expect(result.data!.customer!.eventStores).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({
          path: ['customer', 'eventStores'],
          extensions: expect.objectContaining({ code }),
        }),
      ]);
    },
  );
});
