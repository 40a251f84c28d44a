/**
 * Per-customer serialisation of read-modify-write mutations (metadata merge/remove, and updates
 * that replace metadata) inside this gateway process. Commerce Layer has no conditional update
 * (no ETag / If-Match), so two merges that read the same metadata would each write back a copy
 * without the other's keys; queueing them per customer makes every merge read the result of the
 * previous one.
 *
 * Limits: the queue lives in this process. Several gateway instances, or other clients writing
 * the same customer's metadata directly, are not serialised with it; for that, implement
 * {@link KeyedLock} over a shared store (a Redis lock with a TTL) and pass it instead.
 */
export interface KeyedLock {
  /** Runs `task` once every earlier task of `key` has settled; tasks of other keys run freely. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** An in-memory {@link KeyedLock}: one promise chain per key, dropped when it drains. */
export class InProcessKeyedLock implements KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.#tails.get(key) === tail) {
        this.#tails.delete(key);
      }
    }
  }

  /** Keys with queued or running tasks (for tests and metrics). */
  get size(): number {
    return this.#tails.size;
  }
}

/** The process-wide lock of customer metadata writes. */
export const customerLocks: KeyedLock = new InProcessKeyedLock();

export function withCustomerLock<T>(customerId: string, task: () => Promise<T>): Promise<T> {
  return customerLocks.run(`customers:${customerId}`, task);
}
