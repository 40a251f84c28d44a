import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryDedup, createRedisDedup } from '../../../src/live/dedup.ts';
import { type CustomerEvent, type CustomerTopic, filterEvents } from '../../../src/live/events.ts';
import { createMemoryBus } from '../../../src/live/fanout.ts';
import { signBody, verifySignature } from '../../../src/live/signature.ts';

const body = Buffer.from('{"data":{"id":"abc","type":"customers"}}');

describe('verifySignature', () => {
  it("accepts Commerce Layer's base64 HMAC-SHA256 of the raw body under any configured secret", () => {
    const signature = createHmac('sha256', 'second').update(body).digest('base64');
    expect(verifySignature(body, signature, ['first', 'second'])).toBe(true);
    expect(signBody(body, 'second')).toBe(signature);
  });

  it('refuses a missing, truncated, other-secret or other-body signature, and no secrets at all', () => {
    const signature = signBody(body, 'secret');
    expect(verifySignature(body, null, ['secret'])).toBe(false);
    expect(verifySignature(body, signature, [])).toBe(false);
    expect(verifySignature(body, signature.slice(0, 20), ['secret'])).toBe(false);
    expect(verifySignature(body, signBody(body, 'other'), ['secret'])).toBe(false);
    expect(verifySignature(Buffer.from(`${body} `), signature, ['secret'])).toBe(false);
    expect(verifySignature(body, 'not base64 at all!', ['secret'])).toBe(false);
  });
});

describe('de-duplication', () => {
  it('in memory: first sighting true, a repeat within the window false, after it true again', async () => {
    const dedup = createMemoryDedup();
    expect(await dedup.firstSeen('k', 50)).toBe(true);
    expect(await dedup.firstSeen('k', 50)).toBe(false);
    expect(await dedup.firstSeen('other', 50)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await dedup.firstSeen('k', 50)).toBe(true);
  });

  it('in memory: bounded, the oldest keys go first', async () => {
    const dedup = createMemoryDedup(2);
    for (const key of ['a', 'b', 'c']) {
      expect(await dedup.firstSeen(key, 60_000)).toBe(true);
    }
    expect(await dedup.firstSeen('c', 60_000)).toBe(false);
    expect(await dedup.firstSeen('a', 60_000)).toBe(true);
  });

  it('in Redis: SET prefix+key NX PX window, first writer wins', async () => {
    const calls: unknown[][] = [];
    const keys = new Set<string>();
    const dedup = createRedisDedup(
      {
        async set(key, value, px, ms, nx) {
          calls.push([key, value, px, ms, nx]);
          if (keys.has(key)) {
            return null;
          }
          keys.add(key);
          return 'OK';
        },
      },
      'cgw:',
    );
    expect(await dedup.firstSeen('k', 1000)).toBe(true);
    expect(await dedup.firstSeen('k', 1000)).toBe(false);
    expect(calls[0]).toEqual(['cgw:webhook:k', '1', 'PX', 1000, 'NX']);
  });
});

describe('subscriber streams', () => {
  const event = (customerId: string, topic: CustomerTopic = 'customers.update'): CustomerEvent => ({
    topic,
    customerId,
    document: { data: { id: customerId, type: 'customers' } },
    receivedAt: Date.now(),
    key: `${topic}:${customerId}`,
  });

  it('listen from subscribe time, filter, and end at once when the client leaves', async () => {
    const bus = createMemoryBus();
    let ended = 0;
    const stream = filterEvents(
      bus.subscribe(undefined),
      (e) => e.topic === 'customers.update',
      () => {
        ended += 1;
      },
    );
    // Published before the first read: kept.
    bus.publish(event('a'));
    bus.publish(event('b', 'customers.tagged'));
    bus.publish(event('c'));
    expect((await stream.next()).value?.customerId).toBe('a');
    expect((await stream.next()).value?.customerId).toBe('c');
    // A read waiting for an event, then the client leaves: the read ends now, not at the next event.
    const pending = stream.next();
    await stream.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(ended).toBe(1);
    bus.publish(event('d'));
    expect((await stream.next()).done).toBe(true);
  });

  it('a customer channel hears only its customer', async () => {
    const bus = createMemoryBus();
    const stream = bus.subscribe('mine');
    bus.publish(event('other'));
    bus.publish(event('mine'));
    expect((await stream.next()).value?.customerId).toBe('mine');
    await stream.return?.();
  });
});
