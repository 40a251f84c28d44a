/**
 * The in-process record of requests. Tests read it to count upstream calls:
 * `emulator.requestLog.entries({ pathPrefix: '/api/customers' })`.
 */
export class RequestLog {
    #entries = [];
    #nextSeq = 1;
    #capacity;
    constructor(capacity = 10_000) {
        this.#capacity = capacity;
    }
    /** Reserves the next sequence number (taken when a request arrives, so order is arrival order). */
    nextSeq() {
        return this.#nextSeq++;
    }
    record(entry) {
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
    entries(filter = {}) {
        const method = filter.method?.toUpperCase();
        return this.#entries
            .filter((entry) => (filter.since === undefined || entry.seq > filter.since) &&
            (method === undefined || entry.method === method) &&
            (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)))
            .sort((a, b) => a.seq - b.seq);
    }
    count(filter = {}) {
        return this.entries(filter).length;
    }
    /** The highest sequence number handed out so far (0 before the first request). */
    get lastSeq() {
        return this.#nextSeq - 1;
    }
    clear() {
        this.#entries = [];
    }
}
//# sourceMappingURL=request-log.js.map