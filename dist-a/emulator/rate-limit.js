/**
 * Commerce Layer's rate limits (https://docs.commercelayer.io/core/rate-limits): sliding windows
 * that never reset. Each class has an *average* limit over every endpoint of the class in one
 * minute, and a *burst* limit per endpoint in ten seconds. Counted per client IP, as Commerce
 * Layer does (`by: 'ip'`, the default); `by: 'client'` counts `/api` requests per token
 * `client_id` instead, so parallel tests sharing one emulator do not share budgets.
 */
import { MINUTE_MS, PUBLISHED_LIMITS, rateClassOf, TOKEN_REQUESTS_PER_MINUTE, } from "../commerce-layer/rate-limits.js";
/** Commerce Layer's numbers (test and live), from the published table. */
export const DEFAULT_RATE_LIMITS = {
    token: {
        test: { average: TOKEN_REQUESTS_PER_MINUTE, averageWindowMs: MINUTE_MS },
        live: { average: TOKEN_REQUESTS_PER_MINUTE, averageWindowMs: MINUTE_MS },
    },
    uncacheable: PUBLISHED_LIMITS.uncacheable,
    write: PUBLISHED_LIMITS.write,
    cacheable: PUBLISHED_LIMITS.cacheable,
};
/** Classifies an `/api` request by method and its first path segment. */
export function classify(method, resource) {
    return rateClassOf(method, resource);
}
/**
 * The "endpoint" of the burst limit: the path with ids replaced, so `GET /api/customers/a/orders`
 * and `GET /api/customers/b/orders` are one endpoint (an N+1 burns one endpoint's burst budget).
 */
export function endpointOf(method, segments) {
    const template = segments.map((segment, index) => (index % 2 === 1 ? ':id' : segment));
    return `${method} /api/${template.join('/')}`;
}
export function mergeLimits(base, overrides = {}) {
    const merged = { ...base };
    for (const key of Object.keys(overrides)) {
        const override = overrides[key];
        if (override === undefined) {
            continue;
        }
        merged[key] = {
            test: { ...base[key].test, ...override.test },
            live: { ...base[key].live, ...override.live },
        };
    }
    return merged;
}
/**
 * Sliding-window counters. Only allowed requests are counted: a client that backs off recovers
 * once its own earlier requests leave the window, which is how Retry-After is computed.
 */
export class RateLimiter {
    enabled;
    by;
    #limits;
    #now;
    /** `${client}|${class}` → timestamps of allowed requests (average window). */
    #average = new Map();
    /** `${client}|${endpoint}` → timestamps of allowed requests (burst window). */
    #burst = new Map();
    constructor(options = {}) {
        this.enabled = options.enabled ?? true;
        this.by = options.by ?? 'ip';
        this.#limits = mergeLimits(DEFAULT_RATE_LIMITS, options.limits);
        this.#now = options.now ?? Date.now;
    }
    get limits() {
        return this.#limits;
    }
    /** Applies overrides on top of the current limits (pass `reset: true` to start from defaults). */
    configure(overrides, reset = false) {
        this.#limits = mergeLimits(reset ? DEFAULT_RATE_LIMITS : this.#limits, overrides);
        return this.#limits;
    }
    /** Forgets every counter. */
    reset() {
        this.#average.clear();
        this.#burst.clear();
    }
    /** Counts one request if it is allowed; says whether it is, and what the headers should carry. */
    check(client, limitClass, endpoint, mode) {
        const rule = this.#limits[limitClass][mode];
        const now = this.#now();
        const averageKey = `${client}|${limitClass}`;
        const average = prune(this.#average, averageKey, now - rule.averageWindowMs);
        const intervalSeconds = Math.round(rule.averageWindowMs / 1000);
        if (!this.enabled) {
            return { allowed: true, limit: rule.average, intervalSeconds, remaining: rule.average };
        }
        const waits = [];
        if (average.length >= rule.average) {
            waits.push(waitUntilBelow(average, rule.average, rule.averageWindowMs, now));
        }
        let burst;
        if (rule.burst !== undefined && rule.burstWindowMs !== undefined) {
            burst = prune(this.#burst, `${client}|${endpoint}`, now - rule.burstWindowMs);
            if (burst.length >= rule.burst) {
                waits.push(waitUntilBelow(burst, rule.burst, rule.burstWindowMs, now));
            }
        }
        if (waits.length > 0) {
            return {
                allowed: false,
                limit: rule.average,
                intervalSeconds,
                remaining: Math.max(0, rule.average - average.length),
                retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)),
            };
        }
        average.push(now);
        burst?.push(now);
        return {
            allowed: true,
            limit: rule.average,
            intervalSeconds,
            remaining: Math.max(0, rule.average - average.length),
        };
    }
}
function prune(map, key, cutoff) {
    let stamps = map.get(key);
    if (stamps === undefined) {
        stamps = [];
        map.set(key, stamps);
    }
    let drop = 0;
    while (drop < stamps.length && stamps[drop] <= cutoff) {
        drop += 1;
    }
    if (drop > 0) {
        stamps.splice(0, drop);
    }
    return stamps;
}
/** Milliseconds until fewer than `limit` stamps remain inside the window. */
function waitUntilBelow(stamps, limit, windowMs, now) {
    const oldestThatMustLeave = stamps[stamps.length - limit];
    return Math.max(0, oldestThatMustLeave + windowMs - now);
}
//# sourceMappingURL=rate-limit.js.map