/**
 * The gateway's client-credentials token, shared by the fleet: cached in Redis (PX until its
 * refresh time) and fetched by one replica at a time under a Redis lock (`SET NX PX`, released by
 * compare-and-delete), so any number of concurrent first requests on any number of replicas cost
 * one token request (Commerce Layer allows 30 a minute per IP). A replica that waited for the lock
 * longer than `waitMs`, or cannot reach Redis, fetches on its own: reads keep working without Redis.
 * The token is a secret: keep Redis private (no public port, a password, TLS across hosts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sleep } from "./redis.js";
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
export class RedisTokenStore {
    #redis;
    #key;
    #waitMs;
    /** `identity`: what makes a token different (auth URL, client id, scope); only its hash is used. */
    constructor(redis, identity, options = {}) {
        this.#redis = redis;
        this.#key = `${redis.keyPrefix}token:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
        this.#waitMs = options.waitMs ?? 15_000;
        if (!('cgwTokenRelease' in redis.client)) {
            redis.client.defineCommand('cgwTokenRelease', { numberOfKeys: 1, lua: RELEASE });
        }
    }
    async #read(stale) {
        const raw = await this.#redis.client.get(this.#key);
        if (raw === null) {
            return undefined;
        }
        const value = JSON.parse(raw);
        return value.token !== stale && Date.now() < value.refreshAt ? value : undefined;
    }
    async fetchOnce(fetch, stale) {
        const client = this.#redis.client;
        const lock = `${this.#key}:lock`;
        const owner = randomBytes(12).toString('hex');
        const until = Date.now() + this.#waitMs;
        try {
            for (let round = 0; Date.now() < until; round += 1) {
                const shared = await this.#read(stale);
                if (shared) {
                    return shared;
                }
                if ((await client.set(lock, owner, 'PX', this.#waitMs, 'NX')) === 'OK') {
                    try {
                        const again = await this.#read(stale);
                        if (again) {
                            return again;
                        }
                        const fresh = await fetch();
                        const ttl = fresh.refreshAt - Date.now();
                        if (ttl > 0) {
                            await client
                                .set(this.#key, JSON.stringify(fresh), 'PX', Math.floor(ttl))
                                .catch(() => { });
                        }
                        return fresh;
                    }
                    finally {
                        await client
                            .cgwTokenRelease(lock, owner)
                            .catch(() => { });
                    }
                }
                await sleep(Math.min(10 * 2 ** Math.min(round, 3), 100));
            }
        }
        catch (error) {
            if (isRedisFailure(error)) {
                return fetch();
            }
            throw error;
        }
        return fetch();
    }
    async invalidate(token) {
        try {
            const raw = await this.#redis.client.get(this.#key);
            if (raw !== null && JSON.parse(raw).token === token) {
                await client(this.#redis)
                    .cgwTokenRelease(this.#key, raw)
                    .catch(() => { });
            }
        }
        catch {
            // The stale token expires by itself; `stale` keeps this replica from taking it back.
        }
    }
}
function client(redis) {
    return redis.client;
}
/** Errors of the Redis connection (not of the token endpoint, which are UpstreamErrors). */
function isRedisFailure(error) {
    return !(error instanceof Error && error.name === 'UpstreamError');
}
//# sourceMappingURL=redis-token-store.js.map