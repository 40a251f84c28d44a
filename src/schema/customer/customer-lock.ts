/**
 * Per-customer serialisation of read-modify-write mutations (metadata merge/remove, and updates
 * that replace metadata). Commerce Layer has no conditional update (no ETag / If-Match), so two
 * merges that read the same metadata would each write back a copy without the other's keys;
 * queueing them per customer makes every merge read the result of the previous one.
 *
 * The lock comes from the context (`ctx.locks`): a Redis lock shared by every replica when
 * `REDIS_URL` is set (`src/shared-state/redis-lock.ts`: token-owned, expiring, renewed while held,
 * released by compare-and-delete), else {@link InProcessKeyedLock} (one process). Waits are bounded:
 * {@link LockTimeoutError} after `waitMs`. Writes made directly against Commerce Layer (not through
 * the gateway) are not serialised with these.
 */
import type { Context } from '../../context.ts';

export interface LockOptions {
  /** Longest wait for the lock before {@link LockTimeoutError} (default 10 s). */
  readonly waitMs?: number;
}

export interface KeyedLock {
  /**
   * Runs `task` once every earlier holder of `key` is done; tasks of other keys run freely.
   * @throws LockTimeoutError when the lock was not had within `waitMs` (task not run).
   * @throws LockUnavailableError when the lock's store is unreachable (task not run).
   */
  run<T>(key: string, task: () => Promise<T>, options?: LockOptions): Promise<T>;
}

export const DEFAULT_LOCK_WAIT_MS = 10_000;

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

export class LockUnavailableError extends Error {
  override readonly name = 'LockUnavailableError';
}

/** An in-memory {@link KeyedLock}: one promise chain per key, dropped when it drains. */
export class InProcessKeyedLock implements KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    this.#tails.set(key, tail);
    const finish = () => {
      release();
      if (this.#tails.get(key) === tail) {
        this.#tails.delete(key);
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const acquired = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!acquired) {
      // Keep the queue's order: this slot is given up once the holder before it is done.
      previous.then(finish, finish);
      throw new LockTimeoutError('timed out waiting for the lock');
    }
    try {
      return await task();
    } finally {
      finish();
    }
  }

  /** Keys with queued or running tasks (for tests and metrics). */
  get size(): number {
    return this.#tails.size;
  }
}

/** The lock of a gateway without shared state (one process). */
export const customerLocks: KeyedLock = new InProcessKeyedLock();

/**
 * Runs `task` holding the customer's lock. Call it only after the caller was shown to see the
 * customer (a read with the caller's credentials), so a caller cannot hold locks of customers it
 * cannot see.
 */
export function withCustomerLock<T>(
  ctx: Pick<Context, 'locks'>,
  customerId: string,
  task: () => Promise<T>,
): Promise<T> {
  return (ctx.locks ?? customerLocks).run(`customers:${customerId}`, task);
}
