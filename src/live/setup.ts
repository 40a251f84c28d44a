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
  return {
    bus,
    dedup,
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
