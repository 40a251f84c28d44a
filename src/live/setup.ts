/**
 * The live-updates parts a server process needs, from its settings: the event bus (in process,
 * or Redis pub/sub with REDIS_URL), the de-duplication store (in memory, or Redis SET NX PX) and
 * the webhook secrets (CL_WEBHOOK_SECRETS, plus those registered at start on the emulator).
 */
import { createMemoryDedup, createRedisDedup, type DedupStore } from './dedup.ts';
import type { CustomerEventBus } from './events.ts';
import { createMemoryBus, createRedisBus } from './fanout.ts';

export interface LiveSettings {
  readonly secrets: readonly string[];
  readonly maxBodyBytes: number;
  readonly dedupWindowMs: number;
  readonly redisUrl?: string | undefined;
  readonly redisPrefix?: string | undefined;
  /** Redis failures of the fan-out (never with a value of the event). */
  readonly onError?: (error: unknown) => void;
}

export interface Live {
  readonly bus: CustomerEventBus;
  readonly dedup: DedupStore;
  readonly maxBodyBytes: number;
  readonly dedupWindowMs: number;
  secrets(): readonly string[];
  /** Adds secrets learned at run time (a webhook registered at start). */
  addSecrets(secrets: readonly string[]): void;
  /**
   * Ends every open subscription stream (its client sees the SSE stream complete), so that a
   * graceful shutdown does not wait for long-lived streams; clients reconnect to another replica.
   */
  endSubscriptions(): void;
  close(): Promise<void>;
}

export function createLive(settings: LiveSettings): Live {
  let secrets = [...settings.secrets];
  let bus: CustomerEventBus;
  let dedup: DedupStore;
  if (settings.redisUrl) {
    const prefix = settings.redisPrefix ?? 'cgw:';
    const redis = createRedisBus({
      url: settings.redisUrl,
      prefix,
      ...(settings.onError ? { onError: settings.onError } : {}),
    });
    bus = redis.bus;
    dedup = createRedisDedup(redis.client, prefix);
  } else {
    bus = createMemoryBus();
    dedup = createMemoryDedup();
  }
  const open = new Set<AsyncIterator<unknown>>();
  const source = bus;
  bus = {
    publish: (event) => source.publish(event),
    subscribe(customerId) {
      const iterator = source.subscribe(customerId);
      open.add(iterator);
      const forget = <T>(result: T) => {
        open.delete(iterator);
        return result;
      };
      return {
        next: () => iterator.next().then((result) => (result.done ? forget(result) : result)),
        return: (value?: unknown) =>
          (
            iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined })
          ).then(forget),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    close: () => source.close(),
  };
  return {
    bus,
    dedup,
    endSubscriptions() {
      for (const iterator of [...open]) {
        void iterator.return?.();
      }
    },
    maxBodyBytes: settings.maxBodyBytes,
    dedupWindowMs: settings.dedupWindowMs,
    secrets: () => secrets,
    addSecrets(more) {
      secrets = [...secrets, ...more];
    },
    async close() {
      await dedup.close();
      await bus.close();
    },
  };
}
