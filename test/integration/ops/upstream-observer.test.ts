import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import {
  createUpstream,
  type UpstreamAttempt,
  type UpstreamAttemptOutcome,
  type UpstreamClient,
} from '../../../src/upstream/client.ts';

type Event =
  | { readonly kind: 'request'; readonly attempt: UpstreamAttempt }
  | {
      readonly kind: 'response';
      readonly attempt: UpstreamAttempt;
      readonly outcome: UpstreamAttemptOutcome;
    };

/** The `UpstreamObserver` contract, over real HTTP to the emulator with its fault injection. */
describe('UpstreamObserver', () => {
  let emulator: RunningEmulator;
  let upstream: UpstreamClient;
  const events: Event[] = [];

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, customers: 5, rateLimit: true });
    upstream = createUpstream({
      baseUrl: emulator.apiUrl,
      authUrl: emulator.authUrl,
      clientId: emulator.credentials.integration.clientId,
      clientSecret: emulator.credentials.integration.clientSecret,
      timeoutMs: 500,
      deadlineMs: 5_000,
      retryLimit: 2,
      maxRetryAfterMs: 1_000,
      retryBackoffMs: 5,
      observer: {
        onRequest: (attempt) => events.push({ kind: 'request', attempt }),
        onResponse: (attempt, outcome) => events.push({ kind: 'response', attempt, outcome }),
      },
    });
  });
  afterAll(async () => {
    upstream.close();
    await emulator.close();
  });
  beforeEach(() => {
    events.length = 0;
    emulator.faults.clear();
  });

  /** Each attempt is announced, then ended exactly once with the same object, in order. */
  function attempts(): { attempt: UpstreamAttempt; outcome: UpstreamAttemptOutcome }[] {
    const paired: { attempt: UpstreamAttempt; outcome: UpstreamAttemptOutcome }[] = [];
    for (let index = 0; index < events.length; index += 2) {
      const [start, end] = [events[index], events[index + 1]];
      expect(start?.kind).toBe('request');
      expect(end?.kind).toBe('response');
      expect(end?.attempt).toBe(start?.attempt);
      if (end?.kind === 'response') {
        paired.push({ attempt: end.attempt, outcome: end.outcome });
      }
    }
    return paired;
  }

  it('reports one attempt: method, path without query, status, duration, rate limit', async () => {
    await upstream.session().list('customers', { filter: { email_cont: 'secret@example.com' } });
    const [only, ...more] = attempts();
    expect(more).toHaveLength(0);
    expect(only?.attempt).toEqual({ method: 'GET', path: '/api/customers', attempt: 1 });
    expect(only?.outcome).toMatchObject({ status: 200 });
    expect(only?.outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(only?.outcome.rateLimit).toMatchObject({ limit: expect.any(Number) });
    expect(JSON.stringify(events)).not.toContain('secret');
  });

  it('reports each retry as its own attempt', async () => {
    emulator.faults.add({ kind: 'error', status: 503, count: 1 });
    await upstream.session().list('customers');
    expect(attempts().map(({ attempt, outcome }) => [attempt.attempt, outcome.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
  });

  it('ends an attempt that got no response with an error code, before its retry', async () => {
    emulator.faults.add({ kind: 'drop', count: 1 });
    await upstream.session().list('customers');
    const [dropped, retried, ...more] = attempts();
    expect(more).toHaveLength(0);
    expect(dropped?.outcome.status).toBeUndefined();
    expect(dropped?.outcome.errorCode).toMatch(/^E[A-Z]+/);
    expect(retried?.outcome.status).toBe(200);
  });

  it('ends the last attempt of a failed call too', async () => {
    emulator.faults.add({ kind: 'timeout', count: 3 });
    await expect(upstream.session().list('customers')).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
    const all = attempts();
    expect(all.map(({ attempt }) => attempt.attempt)).toEqual([1, 2, 3]);
    for (const { outcome } of all) {
      expect(outcome.status).toBeUndefined();
      expect(outcome.errorCode).toBeTypeOf('string');
    }
  });
});
