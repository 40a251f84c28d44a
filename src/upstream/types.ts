/**
 * The upstream layer's vocabulary, shared by its modules and by the schema layer that calls it.
 * Wire names stay as Commerce Layer spells them (snake_case attributes, plural JSON:API types).
 */

/** One JSON:API resource after denormalisation: attributes flattened, relationships resolved. */
export interface Resource {
  readonly type: string;
  readonly id: string;
  /** Attributes exactly as the upstream sent them (snake_case keys). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * Relationships whose linkage (`data`) the upstream sent, i.e. those that were included:
   * a Resource (or null) for to-one, an array for to-many. A relationship the upstream did not
   * include is absent from this map (not null), so callers can tell "empty" from "not fetched".
   */
  readonly relationships: Readonly<Record<string, Resource | null | readonly Resource[]>>;
  /** `links.self` of the resource. */
  readonly self?: string;
  /** `meta` of the resource (`mode`, `organization_id`). */
  readonly meta: Readonly<Record<string, unknown>>;
  /**
   * True when the document carried only the linkage `{ type, id }` of this resource (it was not in
   * `included`): `attributes`, `relationships` and `meta` are then empty.
   */
  readonly linkageOnly?: true;
}

/** A page of a list endpoint. */
export interface ResourcePage {
  readonly data: readonly Resource[];
  /** `meta.record_count`: every record matching the filter, on all pages. */
  readonly recordCount: number;
  /** `meta.page_count`. */
  readonly pageCount: number;
}

/** A value for one Ransack predicate (`filter[q][email_cont]=…`). */
export type FilterValue =
  | string
  | number
  | boolean
  | readonly (string | number)[]
  | Record<string, unknown>;

/** Query parameters of a JSON:API request, in Commerce Layer's vocabulary. */
export interface QueryParams {
  /** Relationship paths, dot-separated for nesting: `['customer_group', 'customer_addresses.address']`. */
  readonly include?: readonly string[];
  /** Sparse fieldsets per JSON:API type: `{ customers: ['email', 'customer_group'] }`. */
  readonly fields?: Readonly<Record<string, readonly string[]>>;
  /** Ransack predicates without the `filter[q]` wrapper: `{ email_cont: 'doe', status_in: ['repeat'] }`. */
  readonly filter?: Readonly<Record<string, FilterValue>>;
  /** Sort keys, `-` prefix for descending: `['-created_at', 'email']`. */
  readonly sort?: readonly string[];
  readonly page?: { readonly number: number; readonly size: number };
}

/** Rate-limit state read from the last upstream response's `X-Ratelimit-*` headers. */
export interface RateLimitStatus {
  readonly limit: number;
  readonly remaining: number;
  /** Window length in seconds (`X-Ratelimit-Interval`). */
  readonly intervalSeconds: number;
}

/** Attributes and relationships to write (`POST`/`PATCH` body), in wire vocabulary. */
export interface WriteBody {
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** To-one: `{ type, id }` or null to clear; to-many: an array of `{ type, id }`. */
  readonly relationships?: Readonly<
    Record<
      string,
      | { readonly type: string; readonly id: string }
      | null
      | readonly { readonly type: string; readonly id: string }[]
    >
  >;
}

/**
 * The upstream as one GraphQL request sees it: bound to the caller's credentials, counting every
 * HTTP request it makes. Create one per request (`Upstream.session`), never share it.
 *
 * Every method throws an `UpstreamError` (see `errors.ts`) for a non-2xx answer, a timeout, a
 * dropped connection or an unreadable body. GETs are retried on 429 (within the deadline, honouring
 * `Retry-After`), on 502/503/504, timeouts and network errors; writes are never retried. The one
 * exception: a 401 `INVALID_TOKEN` on the gateway's own token refreshes the token and replays the
 * request once, writes included (a 401 means nothing was applied). Paths are relative to the API
 * base (`customers/abc`, no leading `/api`); build them with `resourcePath()` from `client.ts`
 * when a segment comes from a client. A path with `?`, `#`, `\` or dot segments throws a
 * `TypeError` before any request.
 */
export interface UpstreamSession {
  /**
   * `GET /api/{path}` for a collection (`customers`, `customers/{id}/orders`). One request (more
   * when retried). Items in the upstream's order; `recordCount`/`pageCount` from `meta` (falling
   * back to the page's own length when the upstream omits them).
   */
  list(path: string, query?: QueryParams): Promise<ResourcePage>;
  /**
   * `GET /api/{path}` for one resource (`customers/{id}`, `customers/{id}/customer_group`). One
   * request (more when retried). Null on 404 and on `data: null` (an empty to-one).
   */
  retrieve(path: string, query?: QueryParams): Promise<Resource | null>;
  /** `POST /api/{type}`; `query` may carry `include`/`fields` for the answer. One request. */
  create(type: string, body: WriteBody, query?: QueryParams): Promise<Resource>;
  /** `PATCH /api/{type}/{id}` (`id` is encoded). One request. */
  update(type: string, id: string, body: WriteBody, query?: QueryParams): Promise<Resource>;
  /** `DELETE /api/{type}/{id}` (`id` is encoded). One request. */
  delete(type: string, id: string): Promise<void>;
  /**
   * Upstream HTTP attempts this session has made: every retry and the 401 replay count, token
   * requests do not. An attempt that failed to connect counts too.
   */
  readonly requestCount: number;
  /**
   * Writes (POST/PATCH/DELETE calls) this session sent at least one HTTP attempt for, whatever
   * their outcome; a write refused before sending (rate budget, token failure) does not count.
   * Idempotency keys are released only when this stayed 0.
   */
  readonly writeCount: number;
  /** From the newest upstream response (2xx or not) that carried all three `X-Ratelimit-*` headers. */
  readonly rateLimit: RateLimitStatus | undefined;
}

/** The long-lived upstream: connection pool and the gateway's own client-credentials token. */
export interface Upstream {
  /**
   * A session for one GraphQL request. With `authorization` (the caller's `Bearer …` header) the
   * caller's header is forwarded exactly and the gateway token is never used; without it (or with
   * a blank one) the gateway's client-credentials token is used. Whether an anonymous caller may
   * use the gateway's credential is the server's decision, not this layer's. Makes no request.
   */
  session(authorization?: string): UpstreamSession;
  /**
   * The gateway's own client-credentials token (cached; 0 or 1 token request), or undefined when
   * no credential is configured. For the gateway's own needs and the embedded emulator's
   * anonymous convenience only: never lent to a caller unless the operator chose so.
   */
  gatewayToken(): Promise<string | undefined>;
  /**
   * Checks the upstream answers (for `/readiness`): the gateway token can be had (when
   * credentials are configured; cached tokens cost nothing) and `GET /api/` answers below 500.
   * One attempt, no retry. Never throws.
   */
  ping(): Promise<boolean>;
}
