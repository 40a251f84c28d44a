/**
 * The seams inside the emulator.
 *
 * The HTTP layer (`http-server.ts`, `auth.ts`, `rate-limit.ts`, `faults.ts`, `request-log.ts`,
 * `admin.ts`) owns the wire: it parses the request, checks `Accept`/`Content-Type`, answers
 * `/oauth/token`, verifies the bearer token, applies faults and rate limits, records the request,
 * and hands a parsed {@link ApiRequest} to the JSON:API layer (`api.ts` and what it imports), which
 * owns Commerce Layer's resource semantics and never sees raw HTTP.
 */

import type { WebhookDispatcher, WebhookOptions } from './webhooks.ts';

/** Which kind of Commerce Layer API credential minted a token. */
export type ApplicationKind = 'integration' | 'sales_channel' | 'webapp';

/** What a verified access token says about its caller. */
export interface AuthContext {
  readonly kind: ApplicationKind;
  readonly clientId: string;
  /** `true` for test-mode tokens: every resource then carries `meta.mode: "test"`. */
  readonly test: boolean;
  /** Set for customer tokens (sales channel + password grant): the customer that owns the token. */
  readonly ownerCustomerId?: string;
  /** Market ids in the token's scope (sales channels). */
  readonly marketIds: readonly string[];
  /** The JWT's `custom_claim`, surfaced as `jwt_custom_claim` on customers. */
  readonly customClaim?: Record<string, unknown>;
}

/** A request to `/api/...`, already authenticated and parsed. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path segments after `/api/`, e.g. `['customers', 'abc', 'orders']`. */
  readonly segments: readonly string[];
  /** The raw query string parameters, e.g. `filter[q][email_eq]`, `page[size]`, `include`. */
  readonly query: URLSearchParams;
  /** The parsed JSON body of POST/PATCH (undefined otherwise). */
  readonly body: unknown;
  readonly auth: AuthContext;
  /** Where the API is served, e.g. `http://127.0.0.1:4001/api`; the base of every `links` URL. */
  readonly baseUrl: string;
}

/** What the JSON:API layer answers; the HTTP layer serialises it as `application/vnd.api+json`. */
export interface ApiResponse {
  readonly status: number;
  /** A JSON:API document (`{ data, included, meta, links }` or `{ errors }`); absent for 204. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Commerce Layer JSON:API error object. `status` is a string, as the real API sends it. */
export interface ApiErrorObject {
  title: string;
  detail: string;
  code: string;
  status: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

/** The clock the emulator reads; tests and the anonymization flow advance it. */
export interface Clock {
  now(): Date;
}

/** Settings of the JSON:API layer (`createApi` in `api.ts`). */
export interface ApiOptions {
  /** SQLite file to persist to; `:memory:` (the default) keeps everything in memory. */
  readonly db?: string;
  readonly clock: Clock;
  readonly organization: { readonly id: string; readonly slug: string };
  /** How long an anonymization request waits before it is `started`, then `completed`. */
  readonly anonymization?: { readonly startAfterMs: number; readonly completeAfterMs: number };
  /** Webhook delivery settings (retries, circuit breaker, timeout). */
  readonly webhooks?: WebhookOptions;
  /** The `/api` base URL used in webhook payload links until a request tells the real one. */
  readonly baseUrl?: string;
  /** The `test` flag of webhook payloads' `meta.mode` (default true). */
  readonly test?: boolean;
}

/** The JSON:API layer as the HTTP layer sees it. Synchronous: better-sqlite3 is. */
export interface Api {
  /** Serves one `/api/...` request. Never throws for a client mistake: answers an error document. */
  handle(request: ApiRequest): ApiResponse;
  /** The password grant: the customer id when email and password match, otherwise null. */
  authenticateCustomer(email: string, password: string): string | null;
  /** Market ids for an OAuth `scope` (`market:code:europe`, `market:id:abc`, …); null when unknown. */
  resolveScope(scope: string): string[] | null;
  /** Fills the store with deterministic demo data (see `seed.ts`) and returns demo credentials. */
  seed(options: SeedOptions): SeedSummary;
  /** Counts of stored records per JSON:API type. */
  counts(): Record<string, number>;
  /**
   * The summary of the seed this store holds (recorded with the data, so a persisted file knows
   * its demo customer after a restart), with current counts; null when it was never seeded.
   */
  storedSeed?(): SeedSummary | null;
  /** Applies what the clock made due (anonymization transitions) and sends their webhooks. */
  tick?(): void;
  /** Webhook deliveries (absent from stub APIs). */
  readonly webhooks?: WebhookDispatcher;
  /** Where webhook payload links point (`http://host:port/api`). */
  setBaseUrl?(url: string): void;
  close(): void;
}

export interface SeedOptions {
  readonly customers: number;
  readonly seed: number;
}

export interface SeedSummary {
  /** A customer with a password, for the password grant. */
  readonly customer: { readonly id: string; readonly email: string; readonly password: string };
  /** The code of a seeded market, for sales channel scopes. */
  readonly marketCode: string;
  readonly counts: Record<string, number>;
}
