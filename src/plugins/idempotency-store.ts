/**
 * Where `useIdempotency` keeps the outcome of mutations sent with an `Idempotency-Key`. The
 * in-memory store serves one gateway process; a shared implementation (Redis: `SET key value NX
 * PX ttl` for `reserve`, a plain `SET … PX ttl` for `complete`, `DEL` for `release`, polling or
 * keyspace notifications for `wait`) makes replays work across instances.
 */

/** A stored, replayable GraphQL result (`data` and `extensions`; results with errors are not kept). */
export interface StoredResult {
  readonly data: unknown;
  readonly extensions?: Record<string, unknown>;
}

export type IdempotencyEntry =
  | { readonly state: 'in_flight'; readonly fingerprint: string }
  | { readonly state: 'completed'; readonly fingerprint: string; readonly result: StoredResult };

export interface IdempotencyStore {
  /**
   * Atomically claims `key` for a new execution (`undefined` back: go ahead, then `complete` or
   * `release`), or returns the entry already there. A claim expires after `ttlMs` even if never
   * completed, so a crashed execution does not block its key for ever.
   */
  reserve(key: string, fingerprint: string, ttlMs: number): Promise<IdempotencyEntry | undefined>;
  /** Stores the result of the execution that reserved `key`, replayable for `ttlMs`. */
  complete(key: string, fingerprint: string, result: StoredResult, ttlMs: number): Promise<void>;
  /** Drops a reservation whose execution should not be replayed (it may be retried as new). */
  release(key: string): Promise<void>;
  /**
   * Waits until `key` is no longer in flight (completed, released or expired), at most
   * `timeoutMs`; returns the entry then (undefined when the key is free).
   */
  wait(key: string, timeoutMs: number): Promise<IdempotencyEntry | undefined>;
}

interface MemoryEntry {
  entry: IdempotencyEntry;
  expiresAt: number;
  waiters: (() => void)[];
}

/** An {@link IdempotencyStore} in this process's memory, bounded to `maxEntries` keys. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, MemoryEntry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  async reserve(key: string, fingerprint: string, ttlMs: number) {
    const existing = this.#live(key);
    if (existing) {
      return existing.entry;
    }
    this.#evict();
    this.#entries.set(key, {
      entry: { state: 'in_flight', fingerprint },
      expiresAt: this.#now() + ttlMs,
      waiters: [],
    });
    return undefined;
  }

  async complete(key: string, fingerprint: string, result: StoredResult, ttlMs: number) {
    const waiters = this.#entries.get(key)?.waiters ?? [];
    this.#entries.delete(key);
    this.#entries.set(key, {
      entry: { state: 'completed', fingerprint, result: structuredClone(result) },
      expiresAt: this.#now() + ttlMs,
      waiters: [],
    });
    for (const wake of waiters) {
      wake();
    }
  }

  async release(key: string) {
    const waiters = this.#entries.get(key)?.waiters ?? [];
    this.#entries.delete(key);
    for (const wake of waiters) {
      wake();
    }
  }

  async wait(key: string, timeoutMs: number) {
    const current = this.#live(key);
    if (current?.entry.state !== 'in_flight') {
      return current?.entry;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      current.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.#live(key)?.entry;
  }

  /** Stored keys (in flight or completed), expired ones excluded. */
  get size(): number {
    for (const key of [...this.#entries.keys()]) {
      this.#live(key);
    }
    return this.#entries.size;
  }

  #live(key: string): MemoryEntry | undefined {
    const stored = this.#entries.get(key);
    if (stored && stored.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      for (const wake of stored.waiters) {
        wake();
      }
      return undefined;
    }
    return stored;
  }

  /** Keeps the map bounded: expired entries first, then the oldest completed ones. */
  #evict(): void {
    if (this.#entries.size < this.#maxEntries) {
      return;
    }
    for (const key of [...this.#entries.keys()]) {
      this.#live(key);
    }
    for (const [key, stored] of this.#entries) {
      if (this.#entries.size < this.#maxEntries) {
        break;
      }
      if (stored.entry.state === 'completed') {
        this.#entries.delete(key);
      }
    }
  }
}
