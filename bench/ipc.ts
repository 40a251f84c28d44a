/**
 * Request/response over a forked child's IPC channel: the bench asks its emulator and gateway
 * processes for their request log, CPU time and memory without touching their HTTP paths.
 */
import type { ChildProcess } from 'node:child_process';

interface Request {
  readonly id: number;
  readonly type: string;
  readonly payload?: unknown;
}

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** In a child: answers each request with the handler of its type (an unknown type is an error). */
export function serve(handlers: Record<string, (payload: unknown) => unknown>): void {
  process.on('message', async (message: Request) => {
    try {
      const handle = Object.hasOwn(handlers, message.type) ? handlers[message.type] : undefined;
      if (handle === undefined) {
        throw new Error(`unknown request ${message.type}`);
      }
      const result = await handle(message.payload);
      process.send?.({ id: message.id, result } satisfies Reply);
    } catch (error) {
      process.send?.({ id: message.id, error: String(error) } satisfies Reply);
    }
  });
}

/** In the parent: a function sending requests to `child` and awaiting their replies. */
export function client(child: ChildProcess): <T>(type: string, payload?: unknown) => Promise<T> {
  let next = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: Reply | { type: string }) => {
    if (!('id' in message)) {
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) {
      waiter?.reject(new Error(message.error));
    } else {
      waiter?.resolve(message.result);
    }
  });
  return <T>(type: string, payload?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, type, payload } satisfies Request);
    });
}

/** Resource use of a process, as `stats` answers it. */
export interface ProcessStats {
  /** `process.cpuUsage()` in microseconds. */
  readonly cpu: { readonly user: number; readonly system: number };
  readonly rss: number;
  /** Highest RSS sampled (every 50 ms) since the last `resetPeak`. */
  readonly peakRss: number;
  readonly heapUsed: number;
}

/** Samples RSS every 50 ms; `stats()` reports it with the CPU time so far. */
export function createStatsSampler() {
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  timer.unref();
  return {
    stats(): ProcessStats {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      return { cpu: process.cpuUsage(), rss: memory.rss, peakRss, heapUsed: memory.heapUsed };
    },
    resetPeak(): void {
      peakRss = process.memoryUsage.rss();
    },
  };
}
