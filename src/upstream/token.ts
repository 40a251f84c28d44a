/**
 * The gateway's own Commerce Layer access token (client-credentials grant): fetched on demand,
 * cached until shortly before it expires, fetched once for any number of concurrent callers, and
 * replaced on request after the Core API rejected it. Tokens never appear in errors or logs.
 */
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import got from 'got';
import { fromGotError, UpstreamError } from './errors.ts';

export interface TokenManagerConfig {
  /** Token endpoint, e.g. `https://auth.commercelayer.io/oauth/token`. */
  readonly authUrl: string;
  readonly clientId: string;
  /** Integration credentials have one; sales channels do not. */
  readonly clientSecret?: string;
  /** Space-separated scope (`market:code:europe`); omitted when undefined. */
  readonly scope?: string;
  /** Per-attempt timeout of the token request. */
  readonly timeoutMs: number;
  /**
   * How long before expiry a cached token stops being used. Default: 10 % of the token's lifetime,
   * at most 60 s.
   */
  readonly refreshMarginMs?: number;
  readonly userAgent?: string;
  readonly agent?: { readonly http?: HttpAgent; readonly https?: HttpsAgent };
  /** Clock, for tests. */
  readonly now?: () => number;
  /**
   * Where the token is shared: by default this process only; with `REDIS_URL` the Redis store
   * (`src/shared-state/redis-token-store.ts`), so a fleet fetches one token, once.
   */
  readonly store?: TokenStore;
}

/** A cached token and when to stop using it (ms since the epoch). */
export interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
}

/**
 * Shares the gateway token between processes. The manager keeps its own copy and asks the store
 * only when that copy is missing or due.
 */
export interface TokenStore {
  /**
   * The shared token if it is valid and not `stale`; otherwise runs `fetch` once for the whole
   * fleet (other callers wait for its result and get the same token), stores and returns it.
   * Falls back to `fetch` alone when the store is unreachable.
   */
  fetchOnce(fetch: () => Promise<CachedToken>, stale: string | undefined): Promise<CachedToken>;
  /** Forgets `token` if it is still the shared one (compare-and-delete). Never throws. */
  invalidate(token: string): Promise<void>;
}

export interface TokenManager {
  /**
   * A valid access token: the cached one, or a new one from the token endpoint. Concurrent calls
   * while a fetch is in flight share that fetch (one token request for any number of callers).
   * Cost: 0 or 1 token request (2 if the first attempt fails with 502/503/504, a timeout or a
   * network error; the token endpoint is rate limited to 30 requests a minute, so no more).
   * @throws UpstreamError (`method: 'POST'`, `path`: the token endpoint's path, no `applied`)
   *   when the endpoint fails, or `UPSTREAM_BAD_RESPONSE` when its answer has no `access_token`.
   *   Failures are not cached: the next call tries again. A session call that needed the token
   *   rejects with this error and sends nothing to the Core API.
   */
  get(): Promise<string>;
  /**
   * Forgets `token` if it is still the cached token (after the Core API answered 401 to it). A
   * token already replaced is left alone, so many requests failing with the same stale token cause
   * one refresh, not one each.
   */
  invalidate(token: string): void;
  /** The cached token if still valid, without fetching. */
  peek(): string | undefined;
  /** Token requests started so far (each attempt counts). */
  readonly fetchCount: number;
}

/** Creates a token manager. Makes no request until the first `get()`. */
export function createTokenManager(config: TokenManagerConfig): TokenManager {
  const now = config.now ?? Date.now;
  const path = new URL(config.authUrl).pathname.replace(/^\/+/, '');
  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;
  let fetchCount = 0;
  /** The newest token the Core API rejected: never taken back from the shared store. */
  let rejected: string | undefined;

  const client = got.extend({
    headers: {
      accept: 'application/json',
      'user-agent': config.userAgent ?? 'customers-gateway',
    },
    responseType: 'json',
    timeout: { request: config.timeoutMs },
    followRedirect: false,
    ...(config.agent === undefined ? {} : { agent: config.agent }),
    retry: {
      limit: 1,
      methods: ['POST'],
      statusCodes: [502, 503, 504],
      calculateDelay: ({ computedValue }) => (computedValue === 0 ? 0 : 50),
    },
    hooks: {
      beforeRequest: [
        () => {
          fetchCount += 1;
        },
      ],
    },
  });

  const fetchToken = async (): Promise<CachedToken> => {
    const startedAt = now();
    let body: unknown;
    try {
      const response = await client.post(config.authUrl, {
        json: {
          grant_type: 'client_credentials',
          client_id: config.clientId,
          ...(config.clientSecret === undefined ? {} : { client_secret: config.clientSecret }),
          ...(config.scope === undefined ? {} : { scope: config.scope }),
        },
      });
      body = response.body;
    } catch (error) {
      throw fromGotError(error, { method: 'POST', path, reportApplied: false }) ?? error;
    }
    const token = readAccessToken(body);
    if (token === undefined) {
      throw new UpstreamError({
        code: 'UPSTREAM_BAD_RESPONSE',
        method: 'POST',
        path,
        status: 200,
        message: 'The token endpoint answered without an access token',
      });
    }
    const expiresAt = expiryOf(body, token, startedAt);
    const lifetime = Math.max(0, expiresAt - startedAt);
    const margin = config.refreshMarginMs ?? Math.min(60_000, lifetime / 10);
    return { token, refreshAt: expiresAt - margin };
  };

  const obtain = async (): Promise<string> => {
    const fresh =
      config.store === undefined
        ? await fetchToken()
        : await config.store.fetchOnce(fetchToken, rejected);
    cached = fresh;
    return fresh.token;
  };

  const peek = (): string | undefined =>
    cached !== undefined && now() < cached.refreshAt ? cached.token : undefined;

  return {
    get() {
      const valid = peek();
      if (valid !== undefined) {
        return Promise.resolve(valid);
      }
      if (inFlight === undefined) {
        const fetching = obtain();
        inFlight = fetching;
        const clear = () => {
          if (inFlight === fetching) {
            inFlight = undefined;
          }
        };
        fetching.then(clear, clear);
      }
      return inFlight;
    },
    invalidate(token) {
      rejected = token;
      if (cached?.token === token) {
        cached = undefined;
      }
      void config.store?.invalidate(token);
    },
    peek,
    get fetchCount() {
      return fetchCount;
    },
  };
}

/**
 * The payload of a JWT, decoded but NOT verified (the Core API verifies; the gateway only reads
 * claims such as `application.kind` to describe a token). Accepts `Bearer …` or a bare token.
 * `undefined` for anything that is not a three-part JWT with a JSON object payload. Never throws.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const bare = token.replace(/^\s*bearer\s+/i, '').trim();
  const parts = bare.split('.');
  if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') {
    return undefined;
  }
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function readAccessToken(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const token = (body as { access_token?: unknown }).access_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Default lifetime when the answer states none (neither `expires_in` nor JWT `exp`). */
const FALLBACK_LIFETIME_MS = 60_000;

function expiryOf(body: unknown, token: string, startedAt: number): number {
  const candidates: number[] = [];
  const expiresIn = Number((body as { expires_in?: unknown }).expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) {
    candidates.push(startedAt + expiresIn * 1000);
  }
  const exp = decodeJwtPayload(token)?.exp;
  // An `exp` already past by the local clock means clock skew; trust `expires_in` then.
  if (typeof exp === 'number' && Number.isFinite(exp) && exp * 1000 > startedAt) {
    candidates.push(exp * 1000);
  }
  return candidates.length > 0 ? Math.min(...candidates) : startedAt + FALLBACK_LIFETIME_MS;
}
