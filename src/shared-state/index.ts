/**
 * Builds what replicas share from the settings: with `REDIS_URL`, Redis-backed idempotency keys,
 * customer locks, gateway token and rate budget; without it, the in-memory equivalents of one
 * process. The only module the server needs from this directory.
 */
import type { Logger } from 'pino';
import { MemoryIdempotencyStore } from '../plugins/idempotency-store.ts';
import {
  type BudgetMode,
  budgetRules,
  createRateBudget,
  MemoryBudgetCounter,
  type RateBudget,
} from '../upstream/rate-budget.ts';
import type { TokenStore } from '../upstream/token.ts';
import type { SharedState } from '../yoga.ts';
import { connectRedis, type SharedRedis } from './redis.ts';
import { RedisIdempotencyStore } from './redis-idempotency-store.ts';
import { RedisKeyedLock } from './redis-lock.ts';
import { RedisBudgetCounter } from './redis-rate-budget.ts';
import { RedisTokenStore } from './redis-token-store.ts';

export interface SharedStateOptions {
  readonly redisUrl?: string | undefined;
  readonly keyPrefix?: string;
  readonly logger: Logger;
  /** Commerce Layer's numbers to spend, or off. */
  readonly budget: BudgetMode | 'off';
  readonly budgetShare?: number;
  readonly idempotencyLeaseMs?: number;
  /** What makes the gateway token unique (auth URL, client id, scope). */
  readonly tokenIdentity: string;
}

export interface SharedStateHandle {
  readonly shared: SharedState;
  readonly budget: RateBudget | undefined;
  readonly tokenStore: TokenStore | undefined;
  readonly redis: SharedRedis | undefined;
  close(): Promise<void>;
}

export function createSharedState(options: SharedStateOptions): SharedStateHandle {
  const redis =
    options.redisUrl === undefined
      ? undefined
      : connectRedis({
          url: options.redisUrl,
          logger: options.logger,
          ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
        });
  const budget =
    options.budget === 'off'
      ? undefined
      : createRateBudget({
          counter: redis
            ? new RedisBudgetCounter(redis, options.logger)
            : new MemoryBudgetCounter(),
          rules: budgetRules(options.budget, options.budgetShare ?? 1),
        });
  let storeDown = false;
  const shared: SharedState = {
    idempotency: redis ? new RedisIdempotencyStore(redis) : new MemoryIdempotencyStore(),
    ...(options.idempotencyLeaseMs ? { idempotencyLeaseMs: options.idempotencyLeaseMs } : {}),
    ...(redis ? { locks: new RedisKeyedLock(redis), ping: () => redis.ping() } : {}),
    ...(budget ? { budget } : {}),
    onIdempotencyStoreError: () => {
      if (!storeDown || redis?.up) {
        storeDown = !redis?.up;
        options.logger.warn('idempotency store unavailable: keyed writes are refused');
      }
    },
  };
  return {
    shared,
    budget,
    tokenStore: redis ? new RedisTokenStore(redis, options.tokenIdentity) : undefined,
    redis,
    async close() {
      await redis?.close();
    },
  };
}
