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
 * `Retry-After`) and on 502/503/504; writes are never retried.
 */
export interface UpstreamSession {
  /** `GET /api/{path}` for a collection (`customers`, `customers/{id}/orders`). One request. */
  list(path: string, query?: QueryParams): Promise<ResourcePage>;
  /** `GET /api/{path}` for one resource (`customers/{id}`, `customers/{id}/customer_group`). Null on 404. */
  retrieve(path: string, query?: QueryParams): Promise<Resource | null>;
  /** `POST /api/{type}`. */
  create(type: string, body: WriteBody, query?: QueryParams): Promise<Resource>;
  /** `PATCH /api/{type}/{id}`. */
  update(type: string, id: string, body: WriteBody, query?: QueryParams): Promise<Resource>;
  /** `DELETE /api/{type}/{id}`. */
  delete(type: string, id: string): Promise<void>;
  /** Upstream HTTP requests this session has made (token requests not counted). */
  readonly requestCount: number;
  /** From the newest upstream response that carried `X-Ratelimit-*` headers. */
  readonly rateLimit: RateLimitStatus | undefined;
  /** The kind of credential this session calls with, when known from the token. */
  readonly tokenKind: 'integration' | 'sales_channel' | 'webapp' | 'customer' | undefined;
}

/** The long-lived upstream: connection pool and the gateway's own client-credentials token. */
export interface Upstream {
  /**
   * A session for one GraphQL request. With `authorization` (the caller's `Bearer …` header) the
   * caller's token is forwarded as is; without it the gateway's client-credentials token is used.
   */
  session(authorization?: string): UpstreamSession;
  /** Checks the upstream answers (for `/readiness`). */
  ping(): Promise<boolean>;
}
