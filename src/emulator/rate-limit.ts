/**
 * Commerce Layer's rate limits (https://docs.commercelayer.io/core/rate-limits): sliding windows
 * that never reset. Each class has an *average* limit over every endpoint of the class in one
 * minute, and a *burst* limit per endpoint in ten seconds. Counted per client IP, as Commerce
 * Layer does (`by: 'ip'`, the default); `by: 'client'` counts `/api` requests per token
 * `client_id` instead, so parallel tests sharing one emulator do not share budgets.
 */

/** What `/api` requests are counted by: the caller's IP (Commerce Layer) or its client id. */
export type RateLimitKey = 'ip' | 'client';

export type RateLimitClass = 'token' | 'uncacheable' | 'cacheable' | 'write';

export interface RateLimitRule {
  /** Requests allowed in `averageWindowMs`, summed over all endpoints of the class. */
  readonly average: number;
  readonly averageWindowMs: number;
  /** Requests allowed per endpoint in `burstWindowMs`; absent = no burst limit. */
  readonly burst?: number;
  readonly burstWindowMs?: number;
}

export type RateLimits = Record<RateLimitClass, { test: RateLimitRule; live: RateLimitRule }>;

export type RateLimitOverrides = {
  readonly [C in RateLimitClass]?: {
    readonly test?: Partial<RateLimitRule>;
    readonly live?: Partial<RateLimitRule>;
  };
};

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;

/** Commerce Layer's numbers (test and live). */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  token: {
    test: { average: 30, averageWindowMs: MINUTE },
    live: { average: 30, averageWindowMs: MINUTE },
  },
  uncacheable: {
    test: { average: 100, averageWindowMs: MINUTE, burst: 25, burstWindowMs: TEN_SECONDS },
    live: { average: 200, averageWindowMs: MINUTE, burst: 50, burstWindowMs: TEN_SECONDS },
  },
  write: {
    test: { average: 100, averageWindowMs: MINUTE, burst: 25, burstWindowMs: TEN_SECONDS },
    live: { average: 200, averageWindowMs: MINUTE, burst: 50, burstWindowMs: TEN_SECONDS },
  },
  cacheable: {
    test: { average: 500, averageWindowMs: MINUTE, burst: 125, burstWindowMs: TEN_SECONDS },
    live: { average: 1000, averageWindowMs: MINUTE, burst: 250, burstWindowMs: TEN_SECONDS },
  },
};

/** Cacheable resources (everything else, customers included, is uncacheable). */
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

/** Classifies an `/api` request by method and its first path segment. */
export function classify(method: string, resource: string | undefined): RateLimitClass {
  if (method !== 'GET' && method !== 'HEAD') {
    return 'write';
  }
  if (resource !== undefined && (CACHEABLE.has(resource) || resource.endsWith('_promotions'))) {
    return 'cacheable';
  }
  return 'uncacheable';
}

/**
 * The "endpoint" of the burst limit: the path with ids replaced, so `GET /api/customers/a/orders`
 * and `GET /api/customers/b/orders` are one endpoint (an N+1 burns one endpoint's burst budget).
 */
export function endpointOf(method: string, segments: readonly string[]): string {
  const template = segments.map((segment, index) => (index % 2 === 1 ? ':id' : segment));
  return `${method} /api/${template.join('/')}`;
}

export interface RateLimitVerdict {
  readonly allowed: boolean;
  /** For the `X-Ratelimit-*` headers: the average window only, as Commerce Layer reports. */
  readonly limit: number;
  readonly intervalSeconds: number;
  readonly remaining: number;
  /** Seconds until a request would be allowed again (only when not allowed). */
  readonly retryAfterSeconds?: number;
}

export interface RateLimiterOptions {
  readonly enabled?: boolean;
  /** Default `ip`, as Commerce Layer. */
  readonly by?: RateLimitKey;
  readonly limits?: RateLimitOverrides;
  /** Milliseconds clock; real time by default (rate limits ignore the emulator's clock offset). */
  readonly now?: () => number;
}

export function mergeLimits(base: RateLimits, overrides: RateLimitOverrides = {}): RateLimits {
  const merged = { ...base };
  for (const key of Object.keys(overrides) as RateLimitClass[]) {
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
  enabled: boolean;
  by: RateLimitKey;
  #limits: RateLimits;
  readonly #now: () => number;
  /** `${client}|${class}` → timestamps of allowed requests (average window). */
  readonly #average = new Map<string, number[]>();
  /** `${client}|${endpoint}` → timestamps of allowed requests (burst window). */
  readonly #burst = new Map<string, number[]>();

  constructor(options: RateLimiterOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.by = options.by ?? 'ip';
    this.#limits = mergeLimits(DEFAULT_RATE_LIMITS, options.limits);
    this.#now = options.now ?? Date.now;
  }

  get limits(): RateLimits {
    return this.#limits;
  }

  /** Applies overrides on top of the current limits (pass `reset: true` to start from defaults). */
  configure(overrides: RateLimitOverrides, reset = false): RateLimits {
    this.#limits = mergeLimits(reset ? DEFAULT_RATE_LIMITS : this.#limits, overrides);
    return this.#limits;
  }

  /** Forgets every counter. */
  reset(): void {
    this.#average.clear();
    this.#burst.clear();
  }

  /** Counts one request if it is allowed; says whether it is, and what the headers should carry. */
  check(
    client: string,
    limitClass: RateLimitClass,
    endpoint: string,
    mode: 'test' | 'live',
  ): RateLimitVerdict {
    const rule = this.#limits[limitClass][mode];
    const now = this.#now();
    const averageKey = `${client}|${limitClass}`;
    const average = prune(this.#average, averageKey, now - rule.averageWindowMs);
    const intervalSeconds = Math.round(rule.averageWindowMs / 1000);
    if (!this.enabled) {
      return { allowed: true, limit: rule.average, intervalSeconds, remaining: rule.average };
    }
    const waits: number[] = [];
    if (average.length >= rule.average) {
      waits.push(waitUntilBelow(average, rule.average, rule.averageWindowMs, now));
    }
    let burst: number[] | undefined;
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

function prune(map: Map<string, number[]>, key: string, cutoff: number): number[] {
  let stamps = map.get(key);
  if (stamps === undefined) {
    stamps = [];
    map.set(key, stamps);
  }
  let drop = 0;
  while (drop < stamps.length && (stamps[drop] as number) <= cutoff) {
    drop += 1;
  }
  if (drop > 0) {
    stamps.splice(0, drop);
  }
  return stamps;
}

/** Milliseconds until fewer than `limit` stamps remain inside the window. */
function waitUntilBelow(stamps: readonly number[], limit: number, windowMs: number, now: number) {
  const oldestThatMustLeave = stamps[stamps.length - limit] as number;
  return Math.max(0, oldestThatMustLeave + windowMs - now);
}
