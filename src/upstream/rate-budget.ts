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

export type BudgetClass = 'uncacheable' | 'cacheable' | 'write';
export type BudgetMode = 'test' | 'live';

export interface WindowRule {
  readonly average: number;
  readonly averageWindowMs: number;
  readonly burst: number;
  readonly burstWindowMs: number;
  /** The average window as Commerce Layer states it (without the safety margin), for reports. */
  readonly intervalSeconds?: number;
}

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;

export const COMMERCE_LAYER_LIMITS: Record<BudgetMode, Record<BudgetClass, WindowRule>> = {
  test: {
    uncacheable: { average: 100, averageWindowMs: MINUTE, burst: 25, burstWindowMs: TEN_SECONDS },
    write: { average: 100, averageWindowMs: MINUTE, burst: 25, burstWindowMs: TEN_SECONDS },
    cacheable: { average: 500, averageWindowMs: MINUTE, burst: 125, burstWindowMs: TEN_SECONDS },
  },
  live: {
    uncacheable: { average: 200, averageWindowMs: MINUTE, burst: 50, burstWindowMs: TEN_SECONDS },
    write: { average: 200, averageWindowMs: MINUTE, burst: 50, burstWindowMs: TEN_SECONDS },
    cacheable: { average: 1000, averageWindowMs: MINUTE, burst: 250, burstWindowMs: TEN_SECONDS },
  },
};

/** Resources Commerce Layer classes as cacheable (everything else, customers included, is not). */
const CACHEABLE = new Set([
  'bundles',
  'imports',
  'markets',
  'prices',
  'price_lists',
  'promotions',
  'skus',
  'sku_options',
  'stock_items',
  'stock_locations',
]);

/** The class of a request by method and path below the API base (`customers/abc/orders`). */
export function classOf(method: string, path: string): BudgetClass {
  if (method !== 'GET') {
    return 'write';
  }
  const resource = path.replace(/^\/+/, '').split('/')[0] ?? '';
  return CACHEABLE.has(resource) || resource.endsWith('_promotions') ? 'cacheable' : 'uncacheable';
}

/**
 * The burst limit's endpoint: method and path with ids replaced (`GET customers/:id/orders`), so an
 * N+1 over many ids spends one endpoint's burst, as Commerce Layer counts it.
 */
export function endpointOf(method: string, path: string): string {
  const segments = path.replace(/^\/+/, '').split('/');
  return `${method} ${segments.map((segment, index) => (index % 2 === 1 ? ':id' : segment)).join('/')}`;
}

/** The limits a budget enforces: Commerce Layer's for a mode, scaled by `share` (0 < share ≤ 1). */
export function budgetRules(
  mode: BudgetMode,
  share = 1,
  /**
   * Added to every window: the gateway counts a request when it leaves, Commerce Layer when it
   * arrives, so a slot is reused only once Commerce Layer surely forgot it (default 1 000 ms).
   */
  marginMs = 1_000,
): Record<BudgetClass, WindowRule> {
  const scale = (rule: WindowRule): WindowRule => ({
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

/** One budget decision. */
export interface BudgetVerdict {
  readonly allowed: boolean;
  /** When refused: ms until the request would fit. */
  readonly waitMs: number;
  /** Requests left in the class's average window (after this one when allowed). */
  readonly remaining: number;
  /** ms until the oldest request of the average window leaves it. */
  readonly resetMs: number;
}

/** The budget's view of a class, for `extensions.cost.throttleStatus`. */
export interface BudgetStatus {
  readonly limit: number;
  readonly remaining: number;
  readonly intervalSeconds: number;
}

/** Where the budget is counted: this process, or Redis for a fleet. */
export interface BudgetCounter {
  /** Counts one request of `endpoint` in class `klass` if both windows have room. */
  take(klass: BudgetClass, endpoint: string, rule: WindowRule): Promise<BudgetVerdict>;
}

/** Thrown by {@link RateBudget.take} when the wait would not fit the deadline. */
export class BudgetExhaustedError extends Error {
  override readonly name = 'BudgetExhaustedError';
  constructor(
    readonly retryAfterSeconds: number,
    readonly method: string,
    readonly path: string,
  ) {
    super('the Commerce Layer rate budget is spent');
  }
}

export interface RateBudget {
  /**
   * Spends one request of the budget before `method path` is sent (one counter round trip; more
   * only while waiting). Waits while the wait fits before `deadlineAt`; else throws
   * {@link BudgetExhaustedError} and nothing is sent.
   */
  take(method: string, path: string, deadlineAt: number): Promise<void>;
  /**
   * Whether an operation predicted to make `cost` requests of class `klass` fits the newest known
   * state of the budget (no round trip): resolves once it fits (waiting when the wait fits before
   * `deadlineAt`), or with `retryAfterSeconds` when it does not.
   */
  admit(
    klass: BudgetClass,
    cost: number,
    deadlineAt: number,
  ): Promise<{ readonly retryAfterSeconds?: number }>;
  /** The newest known state of a class (the fleet's, with Redis). */
  status(klass: BudgetClass): BudgetStatus;
}

/** Sliding-window logs in this process. */
export class MemoryBudgetCounter implements BudgetCounter {
  readonly #windows = new Map<string, number[]>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async take(klass: BudgetClass, endpoint: string, rule: WindowRule): Promise<BudgetVerdict> {
    const now = this.#now();
    const average = this.#window(`a:${klass}`, now - rule.averageWindowMs);
    const burst = this.#window(`b:${endpoint}`, now - rule.burstWindowMs);
    const waitFor = (log: number[], limit: number, windowMs: number) =>
      log.length < limit ? 0 : (log[log.length - limit] as number) + windowMs - now;
    const wait = Math.max(
      waitFor(average, rule.average, rule.averageWindowMs),
      waitFor(burst, rule.burst, rule.burstWindowMs),
    );
    const allowed = wait <= 0;
    if (allowed) {
      average.push(now);
      burst.push(now);
    }
    return {
      allowed,
      waitMs: Math.max(0, wait),
      remaining: Math.max(0, rule.average - average.length),
      resetMs: average.length === 0 ? 0 : (average[0] as number) + rule.averageWindowMs - now,
    };
  }

  #window(key: string, after: number): number[] {
    let log = this.#windows.get(key);
    if (!log) {
      log = [];
      this.#windows.set(key, log);
    }
    let drop = 0;
    while (drop < log.length && (log[drop] as number) <= after) {
      drop += 1;
    }
    if (drop > 0) {
      log.splice(0, drop);
    }
    return log;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The least time worth keeping for the request itself after a wait. */
const MIN_REQUEST_MS = 50;

/** A {@link RateBudget} over a counter (memory, or Redis with its memory fallback). */
export function createRateBudget(options: {
  readonly counter: BudgetCounter;
  readonly rules: Record<BudgetClass, WindowRule>;
  readonly now?: () => number;
}): RateBudget {
  const now = options.now ?? Date.now;
  const known = new Map<BudgetClass, { remaining: number; resetAt: number }>();
  const remember = (klass: BudgetClass, verdict: BudgetVerdict) => {
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
          throw new BudgetExhaustedError(
            Math.max(1, Math.ceil(verdict.waitMs / 1000)),
            method,
            path,
          );
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
      const remaining =
        state === undefined || now() >= state.resetAt ? rule.average : state.remaining;
      return {
        limit: rule.average,
        remaining,
        intervalSeconds: rule.intervalSeconds ?? Math.round(rule.averageWindowMs / 1000),
      };
    },
  };
}
