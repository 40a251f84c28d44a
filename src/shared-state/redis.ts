/**
 * The one Redis connection a gateway process shares between its fleet-wide state (idempotency
 * keys, customer locks, the gateway token, the rate budget). Only this directory imports ioredis:
 * the schema, plugins and upstream layers receive interfaces.
 *
 * Failure policy: commands fail fast while Redis is unreachable (no offline queue, no per-command
 * retries, a short command timeout), so a request never hangs on Redis; the client reconnects by
 * itself forever with a capped backoff. Callers decide what a failure means (reads go on, keyed
 * writes fail closed).
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface SharedRedisOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  readonly url: string;
  /** Prefix of every key this gateway writes (tests isolate themselves with one). Default `cgw:`. */
  readonly keyPrefix?: string;
  /** A command not answered within this is failed (default 1 000 ms). */
  readonly commandTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface SharedRedis {
  readonly client: Redis;
  readonly keyPrefix: string;
  /** True while the connection is ready for commands. */
  readonly up: boolean;
  /** Answers PING within `timeoutMs` (for `/readiness`). Never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function connectRedis(options: SharedRedisOptions): SharedRedis {
  const logger = options.logger;
  const client = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: 2_000,
    // Reconnect forever: 50 ms, 100 ms, … capped at 1 s.
    retryStrategy: (times) => Math.min(times * 50, 1_000),
    lazyConnect: false,
  });
  let wasUp = false;
  let warned = false;
  client.on('ready', () => {
    if (warned) {
      logger?.warn('redis connection restored');
    }
    wasUp = true;
    warned = false;
  });
  client.on('error', () => {
    // ioredis emits one error per failed attempt; one line per outage is enough.
    if (!warned) {
      warned = true;
      logger?.warn({ state: wasUp ? 'lost' : 'unreachable' }, 'redis unavailable');
    }
  });
  return {
    client,
    keyPrefix: options.keyPrefix ?? 'cgw:',
    get up() {
      return client.status === 'ready';
    },
    async ping(timeoutMs = 500) {
      if (client.status !== 'ready') {
        return false;
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          client.ping().then((answer) => answer === 'PONG'),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), timeoutMs);
          }),
        ]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      client.disconnect();
    },
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
