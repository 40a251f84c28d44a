/**
 * The one Redis connection a gateway process shares between its fleet-wide state (idempotency
 * keys, customer locks, the gateway token, the rate budget). Only this directory imports ioredis:
 * the schema, plugins and upstream layers receive interfaces.
 *
 * Failure policy: commands fail fast while Redis is unreachable (no offline queue, no per-command
 * retries, a short command timeout), so a request never hangs on Redis; the client reconnects by
 * itself forever with a capped backoff. Callers decide what a failure means (reads go on, keyed
 * writes fail closed).
 */
import { Redis } from 'ioredis';
export function connectRedis(options) {
    const logger = options.logger;
    const client = new Redis(options.url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: options.commandTimeoutMs ?? 1_000,
        connectTimeout: 2_000,
        // Reconnect forever: 50 ms, 100 ms, … capped at 1 s.
        retryStrategy: (times) => Math.min(times * 50, 1_000),
        lazyConnect: false,
    });
    let wasUp = false;
    let warned = false;
    client.on('ready', () => {
        if (warned) {
            logger?.warn('redis connection restored');
        }
        wasUp = true;
        warned = false;
    });
    client.on('error', () => {
        // ioredis emits one error per failed attempt; one line per outage is enough.
        if (!warned) {
            warned = true;
            logger?.warn({ state: wasUp ? 'lost' : 'unreachable' }, 'redis unavailable');
        }
    });
    return {
        client,
        keyPrefix: options.keyPrefix ?? 'cgw:',
        get up() {
            return client.status === 'ready';
        },
        async ping(timeoutMs = 500) {
            if (client.status !== 'ready') {
                return false;
            }
            let timer;
            try {
                return await Promise.race([
                    client.ping().then((answer) => answer === 'PONG'),
                    new Promise((resolve) => {
                        timer = setTimeout(() => resolve(false), timeoutMs);
                    }),
                ]);
            }
            catch {
                return false;
            }
            finally {
                clearTimeout(timer);
            }
        },
        async close() {
            client.disconnect();
        },
    };
}
/** Resolves after `ms`. */
export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
//# sourceMappingURL=redis.js.map