/**
 * De-duplication of webhook deliveries. Commerce Layer retries a delivery that was not answered
 * 2xx in time, with the same body and signature, so the key is sha256(topic, body): a retry (or
 * a duplicate sent by the network) is published once within the window, whichever replica gets
 * it when the store is shared (Redis).
 */
/** In-process: a Map of key to expiry, bounded by `maxKeys` (oldest first out). */
export function createMemoryDedup(maxKeys = 100_000) {
    const seen = new Map();
    return {
        async firstSeen(key, windowMs) {
            const now = Date.now();
            const expiry = seen.get(key);
            if (expiry !== undefined && expiry > now) {
                return false;
            }
            seen.delete(key);
            seen.set(key, now + windowMs);
            // Insertion order is expiry order (one window for all keys): drop expired, then the oldest.
            for (const [oldKey, oldExpiry] of seen) {
                if (oldExpiry > now && seen.size <= maxKeys) {
                    break;
                }
                seen.delete(oldKey);
            }
            return true;
        },
        async close() {
            seen.clear();
        },
    };
}
/**
 * Shared by the fleet: `SET key 1 PX window NX` succeeds on exactly one replica. The connection
 * belongs to the caller (the Redis bus), which closes it.
 */
export function createRedisDedup(redis, prefix) {
    return {
        async firstSeen(key, windowMs) {
            return (await redis.set(`${prefix}webhook:${key}`, '1', 'PX', windowMs, 'NX')) === 'OK';
        },
        async close() { },
    };
}
//# sourceMappingURL=dedup.js.map