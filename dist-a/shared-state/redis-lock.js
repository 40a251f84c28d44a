/**
 * A {@link KeyedLock} shared by every replica: `SET key token NX PX ttl` to take it (the token is
 * random per holder), renewed every ttl/3 while the task runs (compare-and-PEXPIRE), released by
 * compare-and-delete, so a holder never releases a lock that expired and was taken by another. A
 * holder that dies stops renewing: its lock is free after at most `ttlMs`. Waiters poll with a
 * capped backoff and give up after `waitMs`.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_LOCK_WAIT_MS, LockTimeoutError, LockUnavailableError, } from "../schema/customer/customer-lock.js";
import { sleep } from "./redis.js";
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
export class RedisKeyedLock {
    #redis;
    #ttlMs;
    #prefix;
    constructor(redis, options = {}) {
        this.#redis = redis;
        this.#ttlMs = options.ttlMs ?? 15_000;
        this.#prefix = `${redis.keyPrefix}lock:`;
        if (!('cgwLockRelease' in redis.client)) {
            redis.client.defineCommand('cgwLockRelease', { numberOfKeys: 1, lua: RELEASE });
            redis.client.defineCommand('cgwLockRenew', { numberOfKeys: 1, lua: RENEW });
        }
    }
    async run(key, task, options = {}) {
        const name = `${this.#prefix}${key}`;
        const token = randomBytes(16).toString('hex');
        const client = this.#redis.client;
        const scripts = client;
        const until = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
        for (let round = 0;; round += 1) {
            let taken;
            try {
                taken = await client.set(name, token, 'PX', this.#ttlMs, 'NX');
            }
            catch {
                throw new LockUnavailableError('the lock store is unreachable');
            }
            if (taken === 'OK') {
                break;
            }
            if (Date.now() >= until) {
                throw new LockTimeoutError('timed out waiting for the lock');
            }
            await sleep(Math.min(5 * 2 ** Math.min(round, 4), 80, Math.max(1, until - Date.now())));
        }
        const renewal = setInterval(() => {
            scripts.cgwLockRenew(name, token, this.#ttlMs).catch(() => { });
        }, Math.max(10, Math.floor(this.#ttlMs / 3)));
        try {
            return await task();
        }
        finally {
            clearInterval(renewal);
            // Not released (Redis down): the lock expires by itself after ttlMs.
            await scripts.cgwLockRelease(name, token).catch(() => { });
        }
    }
}
//# sourceMappingURL=redis-lock.js.map