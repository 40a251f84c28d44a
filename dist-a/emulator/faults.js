/**
 * Faults on demand, for the gateway's reliability tests. A fault rule says what goes wrong, for
 * which requests (method + path prefix), and how often (a rate drawn from a seeded PRNG, and/or
 * the next N matching requests). Rules are checked in the order they were added.
 */
const ERROR_STATUSES = new Set([500, 502, 503, 504]);
const KINDS = new Set([
    'latency',
    'error',
    'rate_limit',
    'timeout',
    'malformed',
    'drop',
]);
/** mulberry32: tiny, fast, deterministic; good enough to decide which request fails. */
export function createPrng(seed) {
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
export function validateFaultSpec(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new TypeError('a fault must be an object with a "kind"');
    }
    const spec = input;
    if (!KINDS.has(spec.kind)) {
        throw new TypeError(`fault kind must be one of ${[...KINDS].join(', ')}`);
    }
    const number = (key, min, max = Number.POSITIVE_INFINITY) => {
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
    if (spec.status !== undefined && !ERROR_STATUSES.has(spec.status)) {
        throw new TypeError('fault status must be 500, 502, 503 or 504');
    }
    for (const key of ['method', 'pathPrefix']) {
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
    return spec;
}
/** The active fault rules. Held by the emulator; changed by options, tests and the admin API. */
export class Faults {
    #rules = [];
    #nextId = 1;
    #random;
    #seed;
    constructor(seed = 1) {
        this.#seed = seed;
        this.#random = createPrng(seed);
    }
    /** Adds one rule and returns it with its id (`f1`, `f2`, …). */
    add(spec) {
        const checked = validateFaultSpec(spec);
        const rule = {
            fault: { ...checked, id: `f${this.#nextId++}` },
            hits: 0,
            remaining: checked.count,
        };
        this.#rules.push(rule);
        return this.#view(rule);
    }
    /** Replaces every rule (and restarts the PRNG so a run is reproducible). */
    set(specs) {
        const checked = specs.map(validateFaultSpec);
        this.clear();
        return checked.map((spec) => this.add(spec));
    }
    list() {
        return this.#rules.map((rule) => this.#view(rule));
    }
    remove(id) {
        const before = this.#rules.length;
        this.#rules = this.#rules.filter((rule) => rule.fault.id !== id);
        return this.#rules.length < before;
    }
    /** Removes every rule and reseeds the PRNG. */
    clear() {
        this.#rules = [];
        this.#random = createPrng(this.#seed);
    }
    /** Decides what happens to one request; consumes `count` budgets and PRNG draws. */
    decide(method, path) {
        let delayMs = 0;
        let terminal;
        const applied = [];
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
            }
            else {
                terminal = this.#view(rule);
            }
        }
        return { delayMs, terminal, applied };
    }
    #view(rule) {
        return {
            ...rule.fault,
            hits: rule.hits,
            ...(rule.remaining === undefined ? {} : { remaining: rule.remaining }),
        };
    }
}
//# sourceMappingURL=faults.js.map