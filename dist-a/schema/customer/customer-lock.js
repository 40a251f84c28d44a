export const DEFAULT_LOCK_WAIT_MS = 10_000;
export class LockTimeoutError extends Error {
    name = 'LockTimeoutError';
}
export class LockUnavailableError extends Error {
    name = 'LockUnavailableError';
}
/** An in-memory {@link KeyedLock}: one promise chain per key, dropped when it drains. */
export class InProcessKeyedLock {
    #tails = new Map();
    async run(key, task, options = {}) {
        const previous = this.#tails.get(key) ?? Promise.resolve();
        let release = () => { };
        const done = new Promise((resolve) => {
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
        let timer;
        const acquired = await Promise.race([
            previous.then(() => true),
            new Promise((resolve) => {
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
        }
        finally {
            finish();
        }
    }
    /** Keys with queued or running tasks (for tests and metrics). */
    get size() {
        return this.#tails.size;
    }
}
/** The lock of a gateway without shared state (one process). */
export const customerLocks = new InProcessKeyedLock();
/**
 * Runs `task` holding the customer's lock. Call it only after the caller was shown to see the
 * customer (a read with the caller's credentials), so a caller cannot hold locks of customers it
 * cannot see.
 */
export function withCustomerLock(ctx, customerId, task) {
    return (ctx.locks ?? customerLocks).run(`customers:${customerId}`, task);
}
//# sourceMappingURL=customer-lock.js.map