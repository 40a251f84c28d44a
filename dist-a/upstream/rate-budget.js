/**
 * Commerce Layer's rate limits as a budget the gateway spends before each upstream request, so the
 * gateway (or a whole fleet of replicas, with the Redis budget in `src/shared-state/`) waits or
 * refuses instead of provoking 429s. Imports neither graphql nor got.
 *
 * The limits (https://docs.commercelayer.io/core/rate-limits), counted per IP in sliding windows:
 *
 * | class | test: average / burst | live: average / burst |
 * | --- | --- | --- |
 * | uncacheable reads (customers and their relationships) | 100 / min, 25 / 10 s | 200 / min, 50 / 10 s |
 * | writes (POST, PATCH, DELETE) | 100 / min, 25 / 10 s | 200 / min, 50 / 10 s |
 * | cacheable reads (markets, stock_locations, skus, prices, …) | 500 / min, 125 / 10 s | 1 000 / min, 250 / 10 s |
 *
 * The *average* limit sums every endpoint of a class over one minute; the *burst* limit counts one
 * endpoint (path with ids replaced) over ten seconds.
 */
import { PUBLISHED_LIMITS, rateClassOf } from "../commerce-layer/rate-limits.js";
export const COMMERCE_LAYER_LIMITS = {
    test: {
        uncacheable: PUBLISHED_LIMITS.uncacheable.test,
        write: PUBLISHED_LIMITS.write.test,
        cacheable: PUBLISHED_LIMITS.cacheable.test,
    },
    live: {
        uncacheable: PUBLISHED_LIMITS.uncacheable.live,
        write: PUBLISHED_LIMITS.write.live,
        cacheable: PUBLISHED_LIMITS.cacheable.live,
    },
};
/** The class of a request by method and path below the API base (`customers/abc/orders`). */
export function classOf(method, path) {
    return rateClassOf(method, path.replace(/^\/+/, '').split('/')[0]);
}
/**
 * The burst limit's endpoint: method and path with ids replaced (`GET customers/:id/orders`), so an
 * N+1 over many ids spends one endpoint's burst, as Commerce Layer counts it.
 */
export function endpointOf(method, path) {
    const segments = path.replace(/^\/+/, '').split('/');
    return `${method} ${segments.map((segment, index) => (index % 2 === 1 ? ':id' : segment)).join('/')}`;
}
/** The limits a budget enforces: Commerce Layer's for a mode, scaled by `share` (0 < share ≤ 1). */
export function budgetRules(mode, share = 1, 
/**
 * Added to every window: the gateway counts a request when it leaves, Commerce Layer when it
 * arrives, so a slot is reused only once Commerce Layer surely forgot it (default 1 000 ms).
 */
marginMs = 1_000) {
    const scale = (rule) => ({
        average: Math.max(1, Math.floor(rule.average * share)),
        averageWindowMs: rule.averageWindowMs + marginMs,
        burst: Math.max(1, Math.floor(rule.burst * share)),
        burstWindowMs: rule.burstWindowMs + marginMs,
        intervalSeconds: rule.averageWindowMs / 1000,
    });
    const limits = COMMERCE_LAYER_LIMITS[mode];
    return {
        uncacheable: scale(limits.uncacheable),
        write: scale(limits.write),
        cacheable: scale(limits.cacheable),
    };
}
/** Thrown by {@link RateBudget.take} when the wait would not fit the deadline. */
export class BudgetExhaustedError extends Error {
    retryAfterSeconds;
    method;
    path;
    name = 'BudgetExhaustedError';
    constructor(retryAfterSeconds, method, path) {
        super('the Commerce Layer rate budget is spent');
        this.retryAfterSeconds = retryAfterSeconds;
        this.method = method;
        this.path = path;
    }
}
/** Sliding-window logs in this process. */
export class MemoryBudgetCounter {
    #windows = new Map();
    #now;
    constructor(now = Date.now) {
        this.#now = now;
    }
    async take(klass, endpoint, rule) {
        const now = this.#now();
        const average = this.#window(`a:${klass}`, now - rule.averageWindowMs);
        const burst = this.#window(`b:${endpoint}`, now - rule.burstWindowMs);
        const waitFor = (log, limit, windowMs) => log.length < limit ? 0 : log[log.length - limit] + windowMs - now;
        const wait = Math.max(waitFor(average, rule.average, rule.averageWindowMs), waitFor(burst, rule.burst, rule.burstWindowMs));
        const allowed = wait <= 0;
        if (allowed) {
            average.push(now);
            burst.push(now);
        }
        return {
            allowed,
            waitMs: Math.max(0, wait),
            remaining: Math.max(0, rule.average - average.length),
            resetMs: average.length === 0 ? 0 : average[0] + rule.averageWindowMs - now,
        };
    }
    #window(key, after) {
        let log = this.#windows.get(key);
        if (!log) {
            log = [];
            this.#windows.set(key, log);
        }
        let drop = 0;
        while (drop < log.length && log[drop] <= after) {
            drop += 1;
        }
        if (drop > 0) {
            log.splice(0, drop);
        }
        return log;
    }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The least time worth keeping for the request itself after a wait. */
const MIN_REQUEST_MS = 50;
/** A {@link RateBudget} over a counter (memory, or Redis with its memory fallback). */
export function createRateBudget(options) {
    const now = options.now ?? Date.now;
    const known = new Map();
    const remember = (klass, verdict) => {
        known.set(klass, { remaining: verdict.remaining, resetAt: now() + verdict.resetMs });
    };
    return {
        async take(method, path, deadlineAt) {
            const klass = classOf(method, path);
            const rule = options.rules[klass];
            const endpoint = endpointOf(method, path);
            for (;;) {
                const verdict = await options.counter.take(klass, endpoint, rule);
                remember(klass, verdict);
                if (verdict.allowed) {
                    return;
                }
                const wait = verdict.waitMs + Math.floor(Math.random() * 20);
                if (now() + wait + MIN_REQUEST_MS > deadlineAt) {
                    throw new BudgetExhaustedError(Math.max(1, Math.ceil(verdict.waitMs / 1000)), method, path);
                }
                await sleep(wait);
            }
        },
        async admit(klass, cost, deadlineAt) {
            const state = known.get(klass);
            const rule = options.rules[klass];
            if (cost > rule.average) {
                return { retryAfterSeconds: Math.ceil(rule.averageWindowMs / 1000) };
            }
            if (state === undefined || state.remaining >= cost || now() >= state.resetAt) {
                return {};
            }
            const wait = state.resetAt - now();
            if (now() + wait + MIN_REQUEST_MS > deadlineAt) {
                return { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
            }
            await sleep(wait);
            return {};
        },
        status(klass) {
            const rule = options.rules[klass];
            const state = known.get(klass);
            const remaining = state === undefined || now() >= state.resetAt ? rule.average : state.remaining;
            return {
                limit: rule.average,
                remaining,
                intervalSeconds: rule.intervalSeconds ?? Math.round(rule.averageWindowMs / 1000),
            };
        },
    };
}
//# sourceMappingURL=rate-budget.js.map