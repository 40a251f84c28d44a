import { MemoryIdempotencyStore } from "../plugins/idempotency-store.js";
import { budgetRules, createRateBudget, MemoryBudgetCounter, } from "../upstream/rate-budget.js";
import { connectRedis } from "./redis.js";
import { RedisIdempotencyStore } from "./redis-idempotency-store.js";
import { RedisKeyedLock } from "./redis-lock.js";
import { RedisBudgetCounter } from "./redis-rate-budget.js";
import { RedisTokenStore } from "./redis-token-store.js";
export function createSharedState(options) {
    const redis = options.redisUrl === undefined
        ? undefined
        : connectRedis({
            url: options.redisUrl,
            logger: options.logger,
            ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
        });
    const budget = options.budget === 'off'
        ? undefined
        : createRateBudget({
            counter: redis
                ? new RedisBudgetCounter(redis, options.logger)
                : new MemoryBudgetCounter(),
            rules: budgetRules(options.budget, options.budgetShare ?? 1),
        });
    let storeDown = false;
    const shared = {
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
//# sourceMappingURL=index.js.map