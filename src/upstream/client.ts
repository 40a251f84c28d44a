/**
 * The HTTP client to Commerce Layer's Core API: one `got.extend` instance (base URL, JSON:API
 * headers, per-attempt timeout, keep-alive agents, retry policy, hooks) shared by every request,
 * and cheap per-request sessions bound to the caller's credentials.
 *
 * Retry policy (GET only; POST/PATCH/DELETE are never retried, except the single replay after a
 * 401 on the gateway's own token, which is safe because a 401 means nothing was applied):
 * - 429: waits `Retry-After` when it is at most `maxRetryAfterMs` and fits in what is left of the
 *   deadline; otherwise fails at once with the 429 error (`retryAfterSeconds` set). Without
 *   `Retry-After`, backs off like below.
 * - 502/503/504, timeouts and network errors (`ECONNRESET`, `ECONNREFUSED`, …): exponential
 *   backoff from `retryBackoffMs` with jitter, only when the wait fits in the deadline.
 * - at most `retryLimit` retries; `deadlineMs` bounds the whole call (token fetch, attempts and
 *   waits) and aborts an attempt in flight with `UPSTREAM_TIMEOUT`.
 * - a 2xx answer that is not JSON, or not the expected JSON:API document, is
 *   `UPSTREAM_BAD_RESPONSE` and is not retried: the same request would most likely get the same
 *   answer, and the retry budget is better kept for 429/5xx.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Response } from 'got';
import {
  fromGotError,
  fromHttpAnswer,
  isUpstreamError,
  UpstreamError,
  type UpstreamMethod,
} from './errors.ts';
import {
  type CollectionDocument,
  denormalize,
  MalformedDocumentError,
  normalize,
  parseDataDocument,
  type SingleDocument,
} from './json-api.ts';
import { JSON_API_MEDIA_TYPE, toSearchParams } from './query.ts';
import { BudgetExhaustedError, type RateBudget } from './rate-budget.ts';
import { createTokenManager, type TokenManager, type TokenStore } from './token.ts';
import type { QueryParams, RateLimitStatus, Resource, Upstream, UpstreamSession } from './types.ts';

export interface UpstreamConfig {
  /** Core API base, e.g. `https://acme.commercelayer.io/api` or `http://127.0.0.1:4001/api`. */
  readonly baseUrl: string;
  /** Token endpoint, e.g. `https://auth.commercelayer.io/oauth/token`. */
  readonly authUrl: string;
  /**
   * The gateway's own API credential (client-credentials grant), used by sessions created without
   * an `Authorization` header. Without it such sessions call without `Authorization` and the Core
   * API answers 401.
   */
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope?: string;
  /** Timeout of one attempt (got `timeout.request`). */
  readonly timeoutMs: number;
  /** Bound of one session call, token fetch, retries and waits included. */
  readonly deadlineMs: number;
  /** Retries after the first attempt (GET only). */
  readonly retryLimit: number;
  /** Longest `Retry-After` (ms) worth waiting for; a longer one fails the call at once. */
  readonly maxRetryAfterMs: number;
  readonly userAgent?: string;
  /** First backoff step for 5xx/timeouts/network errors, doubled per retry. Default 100 ms. */
  readonly retryBackoffMs?: number;
  /** See `TokenManagerConfig.refreshMarginMs`. */
  readonly tokenRefreshMarginMs?: number;
  /** Told about every HTTP attempt of a session call (logs, metrics, traces). Optional. */
  readonly observer?: UpstreamObserver;
  /**
   * Commerce Layer's rate budget (`rate-budget.ts`), spent before each session call; a call that
   * does not fit before its deadline fails with a 429 `UpstreamError` and sends nothing.
   */
  readonly budget?: RateBudget;
  /** Shares the gateway token between replicas (`TokenManagerConfig.store`). */
  readonly tokenStore?: TokenStore;
}

/** One HTTP attempt to the Core API: a retry or the 401 replay is a new attempt. */
export interface UpstreamAttempt {
  readonly method: string;
  /** URL path without query string, e.g. `/api/customers` (ids in the path stay). */
  readonly path: string;
  /** 1 for the first attempt of a call, 2 for its first retry, … */
  readonly attempt: number;
}

/** How an attempt ended: an HTTP status, or `errorCode` when no response came back. */
export interface UpstreamAttemptOutcome {
  readonly status?: number;
  /** got's code (`ETIMEDOUT`, `ECONNRESET`, …) or an `UpstreamError` code. */
  readonly errorCode?: string;
  readonly durationMs: number;
  readonly rateLimit?: RateLimitStatus;
}

/**
 * Observes upstream HTTP attempts without touching them. `onRequest` runs as an attempt is sent
 * (in the async context of the session call, so tracing can parent on it); `onResponse` runs
 * exactly once per attempt with the same `attempt` object, so the two can be paired (a WeakMap).
 * Neither receives headers, bodies or query strings, so credentials and e-mail filters cannot
 * leak through them. Both must be quick and must not throw. Token endpoint calls and `ping` are
 * not observed.
 */
export interface UpstreamObserver {
  onRequest?(attempt: UpstreamAttempt): void;
  onResponse?(attempt: UpstreamAttempt, outcome: UpstreamAttemptOutcome): void;
}

/** {@link Upstream} plus what its owner (server, tests) needs. */
export interface UpstreamClient extends Upstream {
  /** Token endpoint requests made by the gateway's token manager (0 without credentials). */
  readonly tokenRequestCount: number;
  /** Closes idle keep-alive sockets. The client stays usable (new sockets are opened). */
  close(): void;
}

/** Status codes on which a GET is retried. */
const RETRY_STATUS_CODES = [429, 502, 503, 504];

/** Network error codes on which a GET is retried (got's defaults). */
const RETRY_ERROR_CODES = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EADDRINUSE',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
];

/**
 * Idle keep-alive sockets are closed after this long (the agent's `timeout` only ends sockets in
 * its free list). It is below Node's default server `keepAliveTimeout` (5 s) and common proxies',
 * so a request rarely goes out on a socket the server is closing (which would fail a write with
 * ECONNRESET and `applied: 'unknown'`).
 */
const KEEP_ALIVE_IDLE_MS = 4_000;

/**
 * Longest request URL sent upstream, in characters. Commerce Layer does not document its limit;
 * 8 KiB is the request-line limit of common servers and proxies (nginx's default
 * `large_client_header_buffers`), so a longer URL would be refused with 414 (or dropped) after a
 * round trip. Longer ones are refused here, before sending, as the caller's input.
 */
export const MAX_UPSTREAM_URL_LENGTH = 8_000;

/** The least time an attempt needs to be worth starting after a wait. */
const MIN_ATTEMPT_MS = 5;

/**
 * Creates the long-lived upstream. Makes no request until a session or `ping` is used.
 * Keep one per process: it owns the keep-alive connection pool and the gateway token cache.
 */
export function createUpstream(config: UpstreamConfig): UpstreamClient {
  const agent = {
    http: new HttpAgent({ keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS }),
  };
  const userAgent = config.userAgent ?? 'customers-gateway';
  const tokens: TokenManager | undefined =
    config.clientId === undefined
      ? undefined
      : createTokenManager({
          authUrl: config.authUrl,
          clientId: config.clientId,
          timeoutMs: config.timeoutMs,
          userAgent,
          agent,
          ...(config.clientSecret === undefined ? {} : { clientSecret: config.clientSecret }),
          ...(config.scope === undefined ? {} : { scope: config.scope }),
          ...(config.tokenRefreshMarginMs === undefined
            ? {}
            : { refreshMarginMs: config.tokenRefreshMarginMs }),
          ...(config.tokenStore === undefined ? {} : { store: config.tokenStore }),
        });
  const backoffMs = config.retryBackoffMs ?? 100;
  const observer = config.observer;
  /** The API base's path (`/api`), for the observer's attempt paths. */
  const basePath = new URL(config.baseUrl).pathname.replace(/\/+$/, '');
  const baseUrl = `${config.baseUrl.replace(/\/+$/, '')}/`;

  // One prepared instance: no hooks, no got retry (the loop in `send` decides, only on failure),
  // no HTTP-error throwing (a status is mapped here), the body as bytes parsed once by the caller.
  const http = got.extend({
    headers: {
      accept: JSON_API_MEDIA_TYPE,
      'content-type': JSON_API_MEDIA_TYPE,
      'user-agent': userAgent,
    },
    responseType: 'buffer',
    timeout: { request: config.timeoutMs },
    agent,
    followRedirect: false,
    retry: { limit: 0 },
    throwHttpErrors: false,
    // Unfrozen only until the cache settings are dropped below.
    mutableDefaults: true,
  });
  // got copies `cacheOptions` (http-cache-semantics settings, used only with got's `cache`, which
  // is off here) into the options of every request, as the first spread of a 40-key object
  // literal. On Node 20's V8 such a literal is built without cached map transitions: 22 KB of
  // garbage per request (measured with V8's sampling heap profiler), against 1 KB once the spread
  // object is empty. The defaults then freeze as got freezes them without `mutableDefaults`.
  http.defaults.options.cacheOptions = {};
  http.defaults.options.freeze();

  /**
   * The wait before retrying a failed GET attempt, or undefined when it must not be retried: only
   * 429/502/503/504 answers, timeouts and network errors, at most `retryLimit` times, a 429's
   * `Retry-After` when it is at most `maxRetryAfterMs`, and only when the wait leaves time for
   * another attempt before the deadline.
   */
  const retryDelay = (
    method: UpstreamMethod,
    retries: number,
    deadlineAt: number,
    failure: { readonly status?: number; readonly code?: string; readonly retryAfterMs?: number },
  ): number | undefined => {
    if (method !== 'GET' || retries >= config.retryLimit) {
      return undefined;
    }
    const retryable =
      failure.status === undefined
        ? failure.code !== undefined && RETRY_ERROR_CODES.includes(failure.code)
        : RETRY_STATUS_CODES.includes(failure.status);
    if (!retryable) {
      return undefined;
    }
    let delay: number;
    if (failure.status === 429 && failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > config.maxRetryAfterMs) {
        return undefined;
      }
      delay = Math.max(1, failure.retryAfterMs);
    } else {
      const step = backoffMs * 2 ** retries;
      delay = Math.max(1, Math.round(step / 2 + (Math.random() * step) / 2));
    }
    return Date.now() + delay + MIN_ATTEMPT_MS > deadlineAt ? undefined : delay;
  };

  /**
   * Where every upstream request is sent: one session call (its retries, the single replay after a
   * 401 on the gateway's own token, and its deadline). The success path is one got call and a
   * status check; retry bookkeeping happens only after a failure.
   */
  const send = async (
    state: SessionState,
    method: UpstreamMethod,
    path: string,
    options: { readonly query?: QueryParams; readonly json?: unknown },
  ): Promise<Answer> => {
    const deadlineAt = Date.now() + config.deadlineMs;
    const search = toSearchParams(options.query).toString();
    const url = search === '' ? `${baseUrl}${path}` : `${baseUrl}${path}?${search}`;
    if (url.length > MAX_UPSTREAM_URL_LENGTH) {
      throw new UpstreamError({ code: 'UPSTREAM_REQUEST_TOO_LARGE', method, path, applied: 'no' });
    }
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    let gatewayToken: string | undefined;
    let authorization = state.authorization;
    if (authorization === undefined && tokens !== undefined) {
      gatewayToken = await tokens.get();
      authorization = `Bearer ${gatewayToken}`;
    }
    let tokenRefreshed = false;
    let retries = 0;
    for (let attempt = 1; ; attempt += 1) {
      // The fleet's rate budget: every attempt is one Commerce Layer request (one Redis round trip).
      await config.budget?.take(method, path, deadlineAt).catch((error: unknown) => {
        throw error instanceof BudgetExhaustedError ? budgetError(error, method, path) : error;
      });
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) {
        throw new UpstreamError({ code: 'UPSTREAM_TIMEOUT', method, path, applied: 'no' });
      }
      state.requestCount += 1;
      const observed =
        observer === undefined
          ? undefined
          : startAttempt(observer, { method, path: `${basePath}/${path}`, attempt });
      let response: Answer;
      try {
        // `responseType: 'buffer'` is the instance's default; got's typing does not carry it.
        response = (await http(url, {
          method,
          ...(authorization === undefined ? {} : { headers: { authorization } }),
          ...(body === undefined ? {} : { body }),
          // The deadline bounds the last attempt: got's own request timeout, shortened.
          ...(remaining < config.timeoutMs ? { timeout: { request: remaining } } : {}),
        })) as unknown as Answer;
      } catch (error) {
        const failure = fromGotError(error, { method, path });
        if (failure === undefined) {
          if (observed !== undefined) {
            endAttempt(observer, observed, { errorCode: 'ERR_UNKNOWN' });
          }
          throw error;
        }
        const delay = retryDelay(method, retries, deadlineAt, { code: failure.causeCode });
        if (observed !== undefined) {
          endAttempt(observer, observed, {
            errorCode: (delay === undefined ? failure.code : failure.causeCode) ?? failure.code,
          });
        }
        if (delay === undefined) {
          throw failure;
        }
        retries += 1;
        await sleep(delay);
        continue;
      }
      const status = response.statusCode;
      const rateLimit = readRateLimit(response.headers);
      if (rateLimit !== undefined) {
        state.rateLimit = rateLimit;
      }
      if (observed !== undefined) {
        endAttempt(
          observer,
          observed,
          rateLimit === undefined ? { status } : { status, rateLimit },
        );
      }
      if (status >= 200 && status < 300) {
        return response;
      }
      // A stale gateway token: refreshed and the request replayed once (nothing was applied).
      if (
        status === 401 &&
        gatewayToken !== undefined &&
        tokens !== undefined &&
        !tokenRefreshed &&
        isInvalidTokenAnswer(response.body)
      ) {
        tokenRefreshed = true;
        tokens.invalidate(gatewayToken);
        gatewayToken = await tokens.get();
        authorization = `Bearer ${gatewayToken}`;
        continue;
      }
      const failure = fromHttpAnswer(status, response.headers, response.body, { method, path });
      const retryAfterSeconds = failure.retryAfterSeconds;
      const delay = retryDelay(method, retries, deadlineAt, {
        status,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
      });
      if (delay === undefined) {
        throw failure;
      }
      retries += 1;
      await sleep(delay);
    }
  };

  const readDocument = <K extends 'single' | 'collection'>(
    response: Answer,
    method: UpstreamMethod,
    path: string,
    expected: K,
  ): K extends 'single' ? SingleDocument : CollectionDocument => {
    try {
      return parseDataDocument(parseJson(response.body), expected as 'single') as K extends 'single'
        ? SingleDocument
        : CollectionDocument;
    } catch (error) {
      if (!(error instanceof MalformedDocumentError)) {
        throw error;
      }
      const requestId = response.headers['x-request-id'];
      throw new UpstreamError({
        code: 'UPSTREAM_BAD_RESPONSE',
        method,
        path,
        status: response.statusCode,
        ...(typeof requestId === 'string' ? { requestId } : {}),
        applied: 'yes',
      });
    }
  };

  const session = (authorization?: string): UpstreamSession => {
    const callerAuthorization =
      authorization !== undefined && authorization.trim() !== '' ? authorization : undefined;
    const state: SessionState = {
      requestCount: 0,
      writeCount: 0,
      rateLimit: undefined,
      ...(callerAuthorization === undefined ? {} : { authorization: callerAuthorization }),
    };

    const fetchOne = async (
      method: 'POST' | 'PATCH',
      path: string,
      json: unknown,
      query: QueryParams | undefined,
    ): Promise<Resource> => {
      const response = await countWrite(state, () =>
        send(state, method, path, { json, ...(query ? { query } : {}) }),
      );
      const resource = denormalize(readDocument(response, method, path, 'single'));
      if (resource === null) {
        throw new UpstreamError({
          code: 'UPSTREAM_BAD_RESPONSE',
          method,
          path,
          status: response.statusCode,
          applied: 'yes',
          message: `Commerce Layer answered ${method} ${path} without a resource`,
        });
      }
      return resource;
    };

    return {
      async list(path, query) {
        const target = checkPath(path);
        const response = await send(state, 'GET', target, query ? { query } : {});
        const document = readDocument(response, 'GET', target, 'collection');
        const data = denormalize(document);
        const meta = document.meta ?? {};
        const recordCount = toCount(meta.record_count) ?? data.length;
        const pageCount = toCount(meta.page_count) ?? (data.length > 0 ? 1 : 0);
        return { data, recordCount, pageCount };
      },
      async retrieve(path, query) {
        const target = checkPath(path);
        let response: Answer;
        try {
          response = await send(state, 'GET', target, query ? { query } : {});
        } catch (error) {
          if (
            isUpstreamError(error) &&
            error.code === 'UPSTREAM_HTTP_ERROR' &&
            error.status === 404
          ) {
            return null;
          }
          throw error;
        }
        return denormalize(readDocument(response, 'GET', target, 'single'));
      },
      create(type, body, query) {
        const target = resourcePath(type);
        return fetchOne('POST', target, normalize(type, undefined, body), query);
      },
      update(type, id, body, query) {
        const target = resourcePath(type, id);
        return fetchOne('PATCH', target, normalize(type, id, body), query);
      },
      async delete(type, id) {
        await countWrite(state, () => send(state, 'DELETE', resourcePath(type, id), {}));
      },
      get requestCount() {
        return state.requestCount;
      },
      get writeCount() {
        return state.writeCount;
      },
      get rateLimit() {
        return state.rateLimit;
      },
    };
  };

  return {
    session,
    gatewayToken() {
      return tokens === undefined ? Promise.resolve(undefined) : tokens.get();
    },
    async ping() {
      try {
        if (tokens !== undefined) {
          await tokens.get();
        }
        const response = await http(baseUrl, { method: 'GET' });
        return response.statusCode < 500;
      } catch {
        return false;
      }
    },
    get tokenRequestCount() {
      return tokens?.fetchCount ?? 0;
    },
    close() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}

/**
 * Builds a path below the API base from raw segments, percent-encoding each:
 * `resourcePath('customers', id, 'orders')` → `customers/<id>/orders`. Use it for every id that
 * comes from a client. Pure.
 * @throws TypeError for an empty segment or `.`/`..` (which URL parsing would resolve away).
 */
export function resourcePath(...segments: readonly string[]): string {
  return segments
    .map((segment) => {
      if (segment === '' || segment === '.' || segment === '..') {
        throw new TypeError(`invalid upstream path segment: ${JSON.stringify(segment)}`);
      }
      return encodeURIComponent(segment);
    })
    .join('/');
}

interface SessionState {
  readonly authorization?: string;
  requestCount: number;
  writeCount: number;
  rateLimit: RateLimitStatus | undefined;
}

/** What `send` answers: got's response with the body as bytes, parsed once by the reader. */
type Answer = Pick<Response<Buffer>, 'statusCode' | 'headers' | 'body'>;

/** An attempt told to the observer and not ended yet. */
interface ObservedAttempt {
  readonly attempt: UpstreamAttempt;
  readonly startedAt: number;
}

/** Runs a write call, counting it in `writeCount` once it made at least one HTTP attempt. */
async function countWrite<T>(state: SessionState, call: () => Promise<T>): Promise<T> {
  const before = state.requestCount;
  try {
    return await call();
  } finally {
    if (state.requestCount > before) {
      state.writeCount += 1;
    }
  }
}

/** The rate budget's refusal, as Commerce Layer's own 429 would read (nothing was sent). */
function budgetError(error: BudgetExhaustedError, method: UpstreamMethod, path: string) {
  return new UpstreamError({
    code: 'UPSTREAM_HTTP_ERROR',
    method,
    path,
    status: 429,
    retryAfterSeconds: error.retryAfterSeconds,
    applied: 'no',
    message: `The gateway's Commerce Layer rate budget is spent; ${method} ${path} was not sent`,
  });
}

function startAttempt(observer: UpstreamObserver, attempt: UpstreamAttempt): ObservedAttempt {
  const observed = { attempt, startedAt: performance.now() };
  observer.onRequest?.(attempt);
  return observed;
}

function endAttempt(
  observer: UpstreamObserver | undefined,
  observed: ObservedAttempt,
  outcome: Omit<UpstreamAttemptOutcome, 'durationMs'>,
): void {
  observer?.onResponse?.(observed.attempt, {
    ...outcome,
    durationMs: performance.now() - observed.startedAt,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A body's JSON, or a `MalformedDocumentError` when it is not JSON. */
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedDocumentError('the body is not JSON');
  }
}

/** Leading slashes dropped; query, fragment, backslashes, empty and dot segments rejected. */
function checkPath(path: string): string {
  const target = path.replace(/^\/+/, '');
  const bad =
    target === '' ||
    /[?#\\]/.test(target) ||
    target.split('/').some((segment) => /^(\.|%2e){0,2}$/i.test(segment));
  if (bad) {
    throw new TypeError(`invalid upstream path: ${JSON.stringify(path)}`);
  }
  return target;
}

/**
 * Whether a 401 is worth a token refresh: yes when it says `INVALID_TOKEN` or says nothing; no
 * when its errors carry other codes (`UNAUTHORIZED` is a permission denial a new token would not
 * change, and each refresh spends one of the token endpoint's 30 requests a minute).
 */
function isInvalidTokenAnswer(body: Buffer): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return true;
  }
  const errors = (parsed as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) {
    return true;
  }
  const codes = errors
    .map((error) => (error as { code?: unknown } | null)?.code)
    .filter((code): code is string => typeof code === 'string');
  return codes.length === 0 || codes.includes('INVALID_TOKEN');
}

function readRateLimit(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): RateLimitStatus | undefined {
  const read = (name: string): number | undefined => {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    return raw === undefined || !Number.isFinite(value) ? undefined : value;
  };
  const limit = read('x-ratelimit-limit');
  const remaining = read('x-ratelimit-remaining');
  const intervalSeconds = read('x-ratelimit-interval');
  if (limit === undefined || remaining === undefined || intervalSeconds === undefined) {
    return undefined;
  }
  return { limit, remaining, intervalSeconds };
}

function toCount(value: unknown): number | undefined {
  const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}
