/**
 * Where `useIdempotency` keeps the outcome of mutations sent with an `Idempotency-Key`. Two
 * implementations with the same semantics (one test suite runs against both):
 * {@link MemoryIdempotencyStore} for one gateway process, and the Redis store in
 * `src/shared-state/redis-idempotency-store.ts` for a fleet of replicas.
 *
 * An entry lives 24 h from its claim. Its states:
 * - `in_flight`: claimed by an execution that holds a lease (`leaseMs`); duplicates wait.
 * - `completed`: the stored first response, replayed.
 * - `too_large`: the execution completed and sent a write, but its response was bigger than the
 *   per-entry cap (or could not be kept under the total byte cap); replays answer
 *   `IDEMPOTENCY_RESULT_NOT_STORED`, never a second write.
 * - `abandoned`: the lease ran out without `complete` or `release` (the replica died or hung
 *   mid-request): a write may have been sent; replays answer `IDEMPOTENCY_OUTCOME_UNKNOWN`.
 *
 * Bounds, in-flight entries included: at most `maxEntries` keys (the oldest finished entries are
 * evicted past it; a claim is refused with {@link IdempotencyStoreFullError} when only in-flight
 * entries remain) and at most `maxBytes` in all: under byte pressure the oldest stored responses
 * are dropped first (their keys stay, as `too_large`), so the byte cap never causes a second write.
 */
export const DEFAULT_STORE_LIMITS = {
    maxEntries: 10_000,
    maxBytes: 32 * 1024 * 1024,
    maxEntryBytes: 256 * 1024,
};
/** No room for a new claim: every kept entry is in flight. Nothing was executed. */
export class IdempotencyStoreFullError extends Error {
    name = 'IdempotencyStoreFullError';
}
/** Bytes an entry is charged before its response is known (key, fingerprint, bookkeeping). */
export function baseSize(key, fingerprint) {
    return Buffer.byteLength(key) + fingerprint.length + 64;
}
/** An {@link IdempotencyStore} in this process's memory. */
export class MemoryIdempotencyStore {
    #entries = new Map();
    #limits;
    #now;
    #bytes = 0;
    #serial = 0;
    constructor(options = {}) {
        this.#limits = { ...DEFAULT_STORE_LIMITS, ...stripUndefined(options) };
        this.#now = options.now ?? Date.now;
    }
    async reserve(key, fingerprint, options) {
        const existing = this.#live(key);
        if (existing) {
            return { claimed: false, entry: view(existing) };
        }
        const size = baseSize(key, fingerprint);
        this.#makeRoom(size, key, true);
        const now = this.#now();
        this.#serial += 1;
        const owner = `${now.toString(36)}.${this.#serial}`;
        this.#entries.set(key, {
            state: 'in_flight',
            fingerprint,
            owner,
            size,
            expiresAt: now + options.ttlMs,
            leaseUntil: now + options.leaseMs,
            waiters: [],
        });
        this.#bytes += size;
        return { claimed: true, owner };
    }
    async complete(key, owner, result) {
        const stored = this.#entries.get(key);
        if (!stored || stored.owner !== owner) {
            return;
        }
        const json = JSON.stringify(result);
        const base = baseSize(key, stored.fingerprint);
        const size = base + Buffer.byteLength(json);
        stored.owner = undefined;
        this.#bytes -= stored.size;
        stored.size = base;
        this.#bytes += base;
        if (size - base > this.#limits.maxEntryBytes || !this.#makeRoom(size - base, key, false)) {
            stored.state = 'too_large';
        }
        else {
            stored.state = 'completed';
            stored.json = json;
            stored.result = JSON.parse(json);
            this.#bytes += size - base;
            stored.size = size;
        }
        this.#wake(stored);
    }
    async release(key, owner) {
        const stored = this.#entries.get(key);
        if (!stored || stored.owner !== owner) {
            return;
        }
        this.#delete(key, stored);
    }
    async wait(key, timeoutMs) {
        const current = this.#live(key);
        if (current?.state !== 'in_flight') {
            return current ? view(current) : undefined;
        }
        const until = Math.min(this.#now() + timeoutMs, current.leaseUntil);
        await new Promise((resolve) => {
            const timer = setTimeout(resolve, Math.max(0, until - this.#now()) + 1);
            current.waiters.push(() => {
                clearTimeout(timer);
                resolve();
            });
        });
        const after = this.#live(key);
        return after ? view(after) : undefined;
    }
    /** Kept keys, expired ones excluded. */
    get size() {
        for (const key of [...this.#entries.keys()]) {
            this.#live(key);
        }
        return this.#entries.size;
    }
    /** Bytes charged (for tests and metrics). */
    get bytes() {
        return this.#bytes;
    }
    #live(key) {
        const stored = this.#entries.get(key);
        if (!stored) {
            return undefined;
        }
        const now = this.#now();
        if (stored.expiresAt <= now) {
            this.#delete(key, stored);
            return undefined;
        }
        if (stored.state === 'in_flight' && stored.leaseUntil <= now) {
            stored.state = 'abandoned';
            stored.owner = undefined;
            this.#wake(stored);
        }
        return stored;
    }
    #delete(key, stored) {
        this.#entries.delete(key);
        this.#bytes -= stored.size;
        this.#wake(stored);
    }
    #wake(stored) {
        for (const wake of stored.waiters.splice(0)) {
            wake();
        }
    }
    /**
     * Makes room for `extra` bytes (and, for a new key, one more entry). Byte pressure drops the
     * oldest stored responses (their keys become `too_large`); count pressure evicts the oldest
     * finished keys. False when only in-flight entries (or `keep`) are left; a claim then throws.
     */
    #makeRoom(extra, keep, newKey) {
        const withinCount = !newKey || this.#entries.size < this.#limits.maxEntries;
        if (withinCount && this.#bytes + extra <= this.#limits.maxBytes) {
            return true;
        }
        for (const key of [...this.#entries.keys()]) {
            this.#live(key);
        }
        if (newKey) {
            for (const [key, stored] of this.#entries) {
                if (this.#entries.size < this.#limits.maxEntries) {
                    break;
                }
                if (stored.state !== 'in_flight' && key !== keep) {
                    this.#delete(key, stored);
                }
            }
        }
        for (const [key, stored] of this.#entries) {
            if (this.#bytes + extra <= this.#limits.maxBytes) {
                break;
            }
            if (stored.state === 'completed' && key !== keep) {
                const base = baseSize(key, stored.fingerprint);
                this.#bytes -= stored.size - base;
                stored.size = base;
                stored.state = 'too_large';
                delete stored.result;
                delete stored.json;
            }
        }
        if (newKey && this.#entries.size >= this.#limits.maxEntries) {
            throw new IdempotencyStoreFullError('idempotency store full');
        }
        if (this.#bytes + extra > this.#limits.maxBytes) {
            if (newKey) {
                throw new IdempotencyStoreFullError('idempotency store full');
            }
            return false;
        }
        return true;
    }
}
function view(stored) {
    if (stored.state === 'completed' && stored.json !== undefined) {
        return {
            state: 'completed',
            fingerprint: stored.fingerprint,
            result: JSON.parse(stored.json),
        };
    }
    return {
        state: stored.state === 'completed' ? 'too_large' : stored.state,
        fingerprint: stored.fingerprint,
    };
}
function stripUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
//# sourceMappingURL=idempotency-store.js.map