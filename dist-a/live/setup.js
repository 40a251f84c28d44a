/**
 * The live-updates parts a server process needs, from its settings: the event bus (in process,
 * or Redis pub/sub with REDIS_URL), the de-duplication store (in memory, or Redis SET NX PX) and
 * the webhook secrets (CL_WEBHOOK_SECRETS, plus those registered at start on the emulator).
 */
import { createMemoryDedup, createRedisDedup } from "./dedup.js";
import { createMemoryBus, createRedisBus } from "./fanout.js";
export function createLive(settings) {
    let secrets = [...settings.secrets];
    let bus;
    let dedup;
    if (settings.redisUrl) {
        const prefix = settings.redisPrefix ?? 'cgw:';
        const redis = createRedisBus({
            url: settings.redisUrl,
            prefix,
            ...(settings.onError ? { onError: settings.onError } : {}),
        });
        bus = redis.bus;
        dedup = createRedisDedup(redis.client, prefix);
    }
    else {
        bus = createMemoryBus();
        dedup = createMemoryDedup();
    }
    const open = new Set();
    const source = bus;
    bus = {
        publish: (event) => source.publish(event),
        subscribe(customerId) {
            const iterator = source.subscribe(customerId);
            open.add(iterator);
            const forget = (result) => {
                open.delete(iterator);
                return result;
            };
            return {
                next: () => iterator.next().then((result) => (result.done ? forget(result) : result)),
                return: (value) => (iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined })).then(forget),
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
//# sourceMappingURL=setup.js.map