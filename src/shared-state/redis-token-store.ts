/**
 * The gateway's client-credentials token, shared by the fleet: cached in Redis (PX until its
 * refresh time) and fetched by one replica at a time under a Redis lock (`SET NX PX`, released by
 * compare-and-delete), so any number of concurrent first requests on any number of replicas cost
 * one token request (Commerce Layer allows 30 a minute per IP). A replica that waited for the lock
 * longer than `waitMs`, or cannot reach Redis, fetches on its own: reads keep working without Redis.
 * The token is a secret: keep Redis private (no public port, a password, TLS across hosts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CachedToken, TokenStore } from '../upstream/token.ts';
import { type SharedRedis, sleep } from './redis.ts';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisTokenStore implements TokenStore {
  readonly #redis: SharedRedis;
  readonly #key: string;
  readonly #waitMs: number;

  /** `identity`: what makes a token different (auth URL, client id, scope); only its hash is used. */
  constructor(redis: SharedRedis, identity: string, options: { waitMs?: number } = {}) {
    this.#redis = redis;
    this.#key = `${redis.keyPrefix}token:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
    this.#waitMs = options.waitMs ?? 15_000;
    if (!('cgwTokenRelease' in redis.client)) {
      redis.client.defineCommand('cgwTokenRelease', { numberOfKeys: 1, lua: RELEASE });
    }
  }

  async #read(stale: string | undefined): Promise<CachedToken | undefined> {
    const raw = await this.#redis.client.get(this.#key);
    if (raw === null) {
      return undefined;
    }
    const value = JSON.parse(raw) as CachedToken;
    return value.token !== stale && Date.now() < value.refreshAt ? value : undefined;
  }

  async fetchOnce(
    fetch: () => Promise<CachedToken>,
    stale: string | undefined,
  ): Promise<CachedToken> {
    const client = this.#redis.client;
    const lock = `${this.#key}:lock`;
    const owner = randomBytes(12).toString('hex');
    const until = Date.now() + this.#waitMs;
    try {
      for (let round = 0; Date.now() < until; round += 1) {
        const shared = await this.#read(stale);
        if (shared) {
          return shared;
        }
        if ((await client.set(lock, owner, 'PX', this.#waitMs, 'NX')) === 'OK') {
          try {
            const again = await this.#read(stale);
            if (again) {
              return again;
            }
            const fresh = await fetch();
            const ttl = fresh.refreshAt - Date.now();
            if (ttl > 0) {
              await client
                .set(this.#key, JSON.stringify(fresh), 'PX', Math.floor(ttl))
                .catch(() => {});
            }
            return fresh;
          } finally {
            await (client as unknown as { cgwTokenRelease(k: string, o: string): Promise<number> })
              .cgwTokenRelease(lock, owner)
              .catch(() => {});
          }
        }
        await sleep(Math.min(10 * 2 ** Math.min(round, 3), 100));
      }
    } catch (error) {
      if (isRedisFailure(error)) {
        return fetch();
      }
      throw error;
    }
    return fetch();
  }

  async invalidate(token: string): Promise<void> {
    try {
      const raw = await this.#redis.client.get(this.#key);
      if (raw !== null && (JSON.parse(raw) as CachedToken).token === token) {
        await (client(this.#redis) as { cgwTokenRelease(k: string, o: string): Promise<number> })
          .cgwTokenRelease(this.#key, raw)
          .catch(() => {});
      }
    } catch {
      // The stale token expires by itself; `stale` keeps this replica from taking it back.
    }
  }
}

function client(redis: SharedRedis): unknown {
  return redis.client;
}

/** Errors of the Redis connection (not of the token endpoint, which are UpstreamErrors). */
function isRedisFailure(error: unknown): boolean {
  return !(error instanceof Error && error.name === 'UpstreamError');
}
