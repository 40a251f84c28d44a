/**
 * Faults on demand, for the gateway's reliability tests. A fault rule says what goes wrong, for
 * which requests (method + path prefix), and how often (a rate drawn from a seeded PRNG, and/or
 * the next N matching requests). Rules are checked in the order they were added.
 */

export type FaultKind = 'latency' | 'error' | 'rate_limit' | 'timeout' | 'malformed' | 'drop';

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Only requests with this method (any method when absent). */
  readonly method?: string;
  /** Only paths starting with this prefix; default `/api` (so token requests keep working). */
  readonly pathPrefix?: string;
  /** Probability 0..1 that a matching request is hit; default 1. */
  readonly rate?: number;
  /** Hit only the next N matching requests (after the rate draw), then the rule is removed. */
  readonly count?: number;
  /** `latency`: milliseconds added before the request is served. */
  readonly latencyMs?: number;
  /** `latency`: up to this many extra milliseconds, drawn from the PRNG. */
  readonly jitterMs?: number;
  /** `error`: 500, 502, 503 or 504 (default 500). */
  readonly status?: number;
  /** `rate_limit`: the `Retry-After` seconds (default 1). */
  readonly retryAfterSeconds?: number;
  /** `timeout`: hold the request this long, then serve it normally; absent = hold until close. */
  readonly holdMs?: number;
}

export interface Fault extends FaultSpec {
  readonly id: string;
  /** How many requests this rule has hit so far. */
  readonly hits: number;
  /** For rules with `count`: how many hits are left. */
  readonly remaining?: number;
}

/** What the HTTP layer must do to one request. */
export interface FaultDecision {
  /** Delay before anything else (sum of matching latency rules). */
  readonly delayMs: number;
  /** The one terminal fault that answers instead of the emulator (first matching rule wins). */
  readonly terminal?: Fault;
  /** Names of the faults applied, for the request log. */
  readonly applied: readonly FaultKind[];
}

const ERROR_STATUSES = new Set([500, 502, 503, 504]);
const KINDS = new Set<FaultKind>([
  'latency',
  'error',
  'rate_limit',
  'timeout',
  'malformed',
  'drop',
]);

/** mulberry32: tiny, fast, deterministic; good enough to decide which request fails. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks a spec coming from options or the admin endpoint; throws a readable TypeError. */
export function validateFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('a fault must be an object with a "kind"');
  }
  const spec = input as Record<string, unknown>;
  if (!KINDS.has(spec.kind as FaultKind)) {
    throw new TypeError(`fault kind must be one of ${[...KINDS].join(', ')}`);
  }
  const number = (key: string, min: number, max = Number.POSITIVE_INFINITY) => {
    const value = spec[key];
    if (value !== undefined && (typeof value !== 'number' || !(value >= min && value <= max))) {
      throw new TypeError(`fault ${key} must be a number between ${min} and ${max}`);
    }
  };
  number('rate', 0, 1);
  number('count', 1);
  number('latencyMs', 0);
  number('jitterMs', 0);
  number('retryAfterSeconds', 0);
  number('holdMs', 0);
  if (spec.status !== undefined && !ERROR_STATUSES.has(spec.status as number)) {
    throw new TypeError('fault status must be 500, 502, 503 or 504');
  }
  for (const key of ['method', 'pathPrefix'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'string') {
      throw new TypeError(`fault ${key} must be a string`);
    }
  }
  if (spec.kind === 'latency' && spec.latencyMs === undefined && spec.jitterMs === undefined) {
    throw new TypeError('a latency fault needs latencyMs and/or jitterMs');
  }
  const allowed = new Set([
    'kind',
    'method',
    'pathPrefix',
    'rate',
    'count',
    'latencyMs',
    'jitterMs',
    'status',
    'retryAfterSeconds',
    'holdMs',
  ]);
  const unknown = Object.keys(spec).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new TypeError(`unknown fault field(s): ${unknown.join(', ')}`);
  }
  return spec as unknown as FaultSpec;
}

interface Rule {
  readonly fault: Omit<Fault, 'hits' | 'remaining'>;
  hits: number;
  remaining: number | undefined;
}

/** The active fault rules. Held by the emulator; changed by options, tests and the admin API. */
export class Faults {
  #rules: Rule[] = [];
  #nextId = 1;
  #random: () => number;
  readonly #seed: number;

  constructor(seed = 1) {
    this.#seed = seed;
    this.#random = createPrng(seed);
  }

  /** Adds one rule and returns it with its id (`f1`, `f2`, …). */
  add(spec: FaultSpec): Fault {
    const checked = validateFaultSpec(spec);
    const rule: Rule = {
      fault: { ...checked, id: `f${this.#nextId++}` },
      hits: 0,
      remaining: checked.count,
    };
    this.#rules.push(rule);
    return this.#view(rule);
  }

  /** Replaces every rule (and restarts the PRNG so a run is reproducible). */
  set(specs: readonly FaultSpec[]): Fault[] {
    const checked = specs.map(validateFaultSpec);
    this.clear();
    return checked.map((spec) => this.add(spec));
  }

  list(): Fault[] {
    return this.#rules.map((rule) => this.#view(rule));
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((rule) => rule.fault.id !== id);
    return this.#rules.length < before;
  }

  /** Removes every rule and reseeds the PRNG. */
  clear(): void {
    this.#rules = [];
    this.#random = createPrng(this.#seed);
  }

  /** Decides what happens to one request; consumes `count` budgets and PRNG draws. */
  decide(method: string, path: string): FaultDecision {
    let delayMs = 0;
    let terminal: Fault | undefined;
    const applied: FaultKind[] = [];
    for (const rule of [...this.#rules]) {
      const { fault } = rule;
      if (fault.kind !== 'latency' && terminal !== undefined) {
        continue;
      }
      if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) {
        continue;
      }
      if (!path.startsWith(fault.pathPrefix ?? '/api')) {
        continue;
      }
      if (fault.rate !== undefined && fault.rate < 1 && this.#random() >= fault.rate) {
        continue;
      }
      rule.hits += 1;
      if (rule.remaining !== undefined) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) {
          this.remove(fault.id);
        }
      }
      applied.push(fault.kind);
      if (fault.kind === 'latency') {
        const jitter = fault.jitterMs ? Math.floor(this.#random() * fault.jitterMs) : 0;
        delayMs += (fault.latencyMs ?? 0) + jitter;
      } else {
        terminal = this.#view(rule);
      }
    }
    return { delayMs, terminal, applied };
  }

  #view(rule: Rule): Fault {
    return {
      ...rule.fault,
      hits: rule.hits,
      ...(rule.remaining === undefined ? {} : { remaining: rule.remaining }),
    };
  }
}
