/** What kind of bearer token a request carried, as the request log reports it. */
export type TokenKind = 'integration' | 'sales_channel' | 'customer' | 'webapp' | 'none';

/** One request the emulator served (admin requests under `/_emulator` are never recorded). */
export interface RequestLogEntry {
  /** 1, 2, 3, … in arrival order; never reused, not even after {@link RequestLog.clear}. */
  readonly seq: number;
  readonly method: string;
  /** The path without the query string, e.g. `/api/customers/abc`. */
  readonly path: string;
  /** Decoded query parameters (`filter[q][email_eq]` → value); a repeated key keeps the last. */
  readonly query: Readonly<Record<string, string>>;
  /** The verified bearer's kind; `none` without a valid token (and for `/oauth/token`). */
  readonly tokenKind: TokenKind;
  /** The token's `client_id` when a valid bearer was sent. */
  readonly clientId?: string;
  /** For `/oauth/token`: the grant asked for. */
  readonly grantType?: string;
  /** HTTP status sent, or `null` when no response was sent (dropped connection, held forever). */
  readonly status: number | null;
  readonly durationMs: number;
  /** The fault that shaped the answer (`latency`, `error`, `rate_limit`, `timeout`, …). */
  readonly fault?: string;
  readonly requestId: string;
  /** ISO time (real time, not the emulator clock) the request arrived. */
  readonly startedAt: string;
}

export interface RequestFilter {
  readonly method?: string;
  /** Matches paths starting with this prefix, e.g. `/api/customers`. */
  readonly pathPrefix?: string;
  readonly since?: number;
}

/**
 * The in-process record of requests. Tests read it to count upstream calls:
 * `emulator.requestLog.entries({ pathPrefix: '/api/customers' })`.
 */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #nextSeq = 1;
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** Reserves the next sequence number (taken when a request arrives, so order is arrival order). */
  nextSeq(): number {
    return this.#nextSeq++;
  }

  record(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    // Trim in batches so a full log does not shift the whole array on every request.
    if (this.#entries.length > this.#capacity + Math.ceil(this.#capacity / 10)) {
      this.#entries.splice(0, this.#entries.length - this.#capacity);
    }
  }

  /**
   * Entries in sequence order, optionally only those after `since` / matching method and path.
   * Keeps at least the last `capacity` entries (default 10 000).
   */
  entries(filter: RequestFilter = {}): RequestLogEntry[] {
    const method = filter.method?.toUpperCase();
    return this.#entries
      .filter(
        (entry) =>
          (filter.since === undefined || entry.seq > filter.since) &&
          (method === undefined || entry.method === method) &&
          (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)),
      )
      .sort((a, b) => a.seq - b.seq);
  }

  count(filter: RequestFilter = {}): number {
    return this.entries(filter).length;
  }

  /** The highest sequence number handed out so far (0 before the first request). */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  clear(): void {
    this.#entries = [];
  }
}
