import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultWhoAmIDocument } from '../../__generated__/graphql.ts';
import { createTestStack, type ExecuteResult, type TestStack } from '../../helpers/stack.ts';
import { codesOf, Outcomes } from './outcomes.ts';

interface Caller {
  readonly name: string;
  readonly id: string;
  readonly email: string;
  readonly authorization: string;
}

let stack: TestStack;
let alice: Caller;
let bob: Caller;
const outcomes = new Outcomes('faults: callers with different tokens');

/** Signs a customer up (integration token) and logs them in (password grant, sales channel). */
async function customerCaller(name: string, integrationToken: string): Promise<Caller> {
  const email = `${name}.isolation@example.test`;
  const password = `${name}-Passw0rd!`;
  const created = await fetch(`${stack.emulator.apiUrl}/customers`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${integrationToken}`,
      accept: 'application/vnd.api+json',
      'content-type': 'application/vnd.api+json',
    },
    body: JSON.stringify({
      data: { type: 'customers', attributes: { email, password, metadata: { owner: name } } },
    }),
  });
  expect(created.status).toBe(201);
  const { data } = (await created.json()) as { data: { id: string } };
  const token = await fetch(stack.emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      grant_type: 'password',
      client_id: stack.emulator.credentials.salesChannel.clientId,
      scope: stack.emulator.credentials.marketScope,
      username: email,
      password,
    }),
  });
  expect(token.status).toBe(200);
  const { access_token } = (await token.json()) as { access_token: string };
  return { name, id: data.id, email, authorization: `Bearer ${access_token}` };
}

beforeAll(async () => {
  // Generous timeouts: 150 interleaved operations share 2 cores with the emulator.
  stack = await createTestStack({
    emulator: { customers: 30 },
    upstream: { timeoutMs: 10_000, deadlineMs: 20_000 },
  });
  const integrationToken = await stack.integrationToken();
  alice = await customerCaller('alice', integrationToken);
  bob = await customerCaller('bob', integrationToken);
});

afterAll(async () => {
  outcomes.print();
  await stack.close();
});

/** Checks that `result`, answered to `self`, shows self and nothing of `other`. */
function expectOnlySelf(
  result: ExecuteResult<{
    customers: {
      totalCount: number;
      nodes: readonly { clId: string; email?: string | null }[];
    } | null;
    me?: { clId: string } | null;
    other?: { clId: string } | null;
  }>,
  self: Caller,
  other: Caller,
): void {
  // Error messages may quote the id the caller itself asked for; data and extensions never do.
  const text = JSON.stringify([result.data, result.errors?.map((error) => error.extensions)]);
  expect(text).not.toContain(other.id);
  expect(text).not.toContain(other.email);
  expect(text).not.toContain(`"owner":"${other.name}"`);
  expect(result.data!.customers!.totalCount).toBe(1);
  expect(result.data!.customers!.nodes.map((node) => node.clId)).toEqual([self.id]);
  expect(result.data!.me).toMatchObject({ clId: self.id, email: self.email });
  expect(result.data!.other).toBeNull();
  expect(codesOf(result)).toEqual(['NOT_FOUND']);
}

describe('per-request loaders and caches', () => {
  it('sends each caller token upstream on its own requests only', async () => {
    const since = stack.emulator.requestLog.lastSeq;
    await Promise.all([
      stack.execute(
        FaultWhoAmIDocument,
        { id: alice.id, other: bob.id },
        { headers: { authorization: alice.authorization } },
      ),
      stack.execute(
        FaultWhoAmIDocument,
        { id: bob.id, other: alice.id },
        { headers: { authorization: bob.authorization } },
      ),
    ]);
    const kinds = stack.emulator.requestLog
      .entries({ since, pathPrefix: '/api/' })
      .map((entry) => entry.tokenKind);
    outcomes.record('token kinds upstream (2 customer calls)', [...new Set(kinds)].join());
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['customer']));
  });

  it.each([true, false])(
    'never shows one customer the data of another, 50 interleaved calls each (planning %s)',
    async (planning) => {
      // Jitter reorders the upstream answers so the callers' requests interleave.
      stack.emulator.faults.set([{ kind: 'latency', latencyMs: 0, jitterMs: 15 }]);
      try {
        // 50 rounds of alice + bob + the gateway token, 10 rounds in flight at a time.
        for (let wave = 0; wave < 5; wave += 1) {
          const calls: Promise<void>[] = [];
          for (let i = 0; i < 10; i += 1) {
            for (const [self, other] of [
              [alice, bob],
              [bob, alice],
            ] as const) {
              calls.push(
                stack
                  .execute(
                    FaultWhoAmIDocument,
                    { id: self.id, other: other.id },
                    { planning, headers: { authorization: self.authorization } },
                  )
                  .then((result) => {
                    outcomes.recordResult(`customer token, planning ${planning}`, result);
                    expectOnlySelf(result, self, other);
                  }),
              );
            }
            // The gateway's own integration token sees everyone: its answers share the process.
            calls.push(
              stack
                .execute(FaultWhoAmIDocument, { id: alice.id, other: bob.id }, { planning })
                .then((result) => {
                  outcomes.recordResult(`gateway token, planning ${planning}`, result);
                  expect(result.errors).toBeUndefined();
                  expect(result.data!.me!.clId).toBe(alice.id);
                  expect(result.data!.other!.clId).toBe(bob.id);
                  expect(result.data!.customers!.totalCount).toBeGreaterThan(2);
                }),
            );
          }
          await Promise.all(calls);
        }
      } finally {
        stack.emulator.faults.clear();
      }
    },
  );
});
