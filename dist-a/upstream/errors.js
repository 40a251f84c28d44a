/**
 * The one error type the upstream layer throws for anything that went wrong talking to Commerce
 * Layer. It says what happened on the wire (status, JSON:API errors, request id, whether a write
 * may have been applied) and never carries credentials: no Authorization header, no token, no
 * client secret, no query string (filters may hold personal data), and no reference to got's
 * error (whose `options` hold the headers).
 */
import { HTTPError, ParseError, RequestError, TimeoutError } from 'got';
/** A failed upstream call. Check with {@link isUpstreamError}; branch on `code` and `status`. */
export class UpstreamError extends Error {
    name = 'UpstreamError';
    code;
    /** HTTP status of the answer, when there was one. */
    status;
    /** The JSON:API error objects of the answer (empty when the body had none). */
    errors;
    /** The upstream's `X-Request-Id` response header, to quote to Commerce Layer support. */
    requestId;
    /** From `Retry-After` (seconds, or an HTTP date converted to seconds from now). */
    retryAfterSeconds;
    method;
    /** Path below the API base (`customers/abc`), without query string. */
    path;
    /** Set for POST/PATCH/DELETE only. */
    applied;
    /** got's / Node's error code for timeouts and network errors (`ETIMEDOUT`, `ECONNRESET`). */
    causeCode;
    constructor(init) {
        super(init.message ?? describe(init));
        this.code = init.code;
        this.errors = init.errors ?? [];
        this.method = init.method;
        this.path = init.path;
        if (init.status !== undefined) {
            this.status = init.status;
        }
        if (init.requestId !== undefined) {
            this.requestId = init.requestId;
        }
        if (init.retryAfterSeconds !== undefined) {
            this.retryAfterSeconds = init.retryAfterSeconds;
        }
        if (init.applied !== undefined && init.method !== 'GET') {
            this.applied = init.applied;
        }
        if (init.causeCode !== undefined) {
            this.causeCode = init.causeCode;
        }
    }
    /** What `JSON.stringify` and loggers see: the fields above, no stack. */
    toJSON() {
        return {
            name: this.name,
            code: this.code,
            message: this.message,
            status: this.status,
            errors: this.errors,
            requestId: this.requestId,
            retryAfterSeconds: this.retryAfterSeconds,
            method: this.method,
            path: this.path,
            applied: this.applied,
            causeCode: this.causeCode,
        };
    }
}
/** True for an {@link UpstreamError} (also across module copies, by name and code). */
export function isUpstreamError(error) {
    if (error instanceof UpstreamError) {
        return true;
    }
    if (!(error instanceof Error) || error.name !== 'UpstreamError') {
        return false;
    }
    const { code } = error;
    return typeof code === 'string' && code.startsWith('UPSTREAM_');
}
/**
 * Reads the JSON:API `errors` of an error body (parsed JSON, or text that is JSON). Keeps only
 * well-formed members (strings where the spec says strings; a numeric `status`, as the token
 * endpoint sends, becomes a string). Accepts a single error object in place of the array, as
 * Commerce Layer's auth library does. Never throws; `[]` when there is nothing to read.
 */
export function parseJsonApiErrors(body) {
    let value = body;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return [];
        }
    }
    if (!isObject(value) || value.errors === undefined) {
        return [];
    }
    const list = Array.isArray(value.errors) ? value.errors : [value.errors];
    return list.filter(isObject).map((raw) => {
        const error = {};
        for (const key of ['id', 'code', 'title', 'detail']) {
            if (typeof raw[key] === 'string') {
                error[key] = raw[key];
            }
        }
        if (typeof raw.status === 'string' || typeof raw.status === 'number') {
            error.status = String(raw.status);
        }
        if (isObject(raw.source)) {
            const source = {};
            for (const key of ['pointer', 'parameter', 'header']) {
                if (typeof raw.source[key] === 'string') {
                    source[key] = raw.source[key];
                }
            }
            error.source = source;
        }
        if (isObject(raw.meta)) {
            error.meta = raw.meta;
        }
        return error;
    });
}
/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP date (seconds from `now`, at least 0).
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(header, now = Date.now()) {
    if (header === undefined || header.trim() === '') {
        return undefined;
    }
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) {
        return Number(trimmed);
    }
    // Only an IMF-fixdate-like text is a date; `Date.parse('-5')` would accept a bare number.
    const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(date)) {
        return undefined;
    }
    return Math.max(0, Math.ceil((date - now) / 1000));
}
/** Error codes meaning the request never left this process, so a write was not applied. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'EADDRINUSE',
]);
/** Timeout phases before the request was written. */
const NOT_SENT_TIMEOUT_EVENTS = new Set(['lookup', 'connect', 'secureConnect']);
/**
 * Maps an error from a got call to an {@link UpstreamError}. An `UpstreamError` (also one thrown
 * inside a got hook and wrapped by got) is returned as is. Returns `undefined` for anything that is
 * not a got error (a programming error, which the caller rethrows unchanged).
 */
export function fromGotError(error, request) {
    if (isUpstreamError(error)) {
        return error;
    }
    if (!(error instanceof RequestError)) {
        return undefined;
    }
    if (isUpstreamError(error.cause)) {
        return error.cause;
    }
    const { method, path } = request;
    const applied = (value) => request.reportApplied === false ? {} : { applied: value };
    const headers = error.response?.headers ?? {};
    const requestId = headerValue(headers['x-request-id']);
    if (error instanceof HTTPError) {
        return fromHttpAnswer(error.response.statusCode, headers, error.response.body, request);
    }
    if (error instanceof ParseError) {
        return new UpstreamError({
            code: 'UPSTREAM_BAD_RESPONSE',
            method,
            path,
            status: error.response.statusCode,
            ...optional('requestId', requestId),
            ...applied(error.response.statusCode < 300 ? 'yes' : 'no'),
            causeCode: error.code,
        });
    }
    if (error instanceof TimeoutError) {
        return new UpstreamError({
            code: 'UPSTREAM_TIMEOUT',
            method,
            path,
            ...applied(NOT_SENT_TIMEOUT_EVENTS.has(error.event) ? 'no' : 'unknown'),
            causeCode: error.code,
        });
    }
    return new UpstreamError({
        code: 'UPSTREAM_NETWORK_ERROR',
        method,
        path,
        ...applied(NOT_SENT_CODES.has(error.code) ? 'no' : 'unknown'),
        causeCode: error.code,
    });
}
/**
 * Maps a non-2xx answer to an `UPSTREAM_HTTP_ERROR`: its JSON:API errors (from the parsed body,
 * its text or its bytes), request id and `Retry-After`. A write answered 502/504 (a proxy that may
 * have forwarded it) is `applied: 'unknown'`; any other status means nothing was applied.
 */
export function fromHttpAnswer(status, headers, body, request) {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
    return new UpstreamError({
        code: 'UPSTREAM_HTTP_ERROR',
        method: request.method,
        path: request.path,
        status,
        errors: parseJsonApiErrors(text),
        ...optional('requestId', headerValue(headers['x-request-id'])),
        ...optional('retryAfterSeconds', parseRetryAfter(headerValue(headers['retry-after']))),
        ...(request.reportApplied === false
            ? {}
            : { applied: status >= 500 ? 'unknown' : 'no' }),
    });
}
function describe(init) {
    const target = `${init.method} ${init.path}`;
    switch (init.code) {
        case 'UPSTREAM_HTTP_ERROR': {
            const first = init.errors?.[0];
            const reason = first === undefined
                ? ''
                : `: ${[first.code, first.detail ?? first.title].filter(Boolean).join(' ')}`;
            return `Commerce Layer answered ${init.status ?? '?'} to ${target}${reason}`;
        }
        case 'UPSTREAM_TIMEOUT':
            return `Commerce Layer did not answer ${target} in time`;
        case 'UPSTREAM_NETWORK_ERROR':
            return `The connection to Commerce Layer failed during ${target} (${init.causeCode ?? 'unknown'})`;
        case 'UPSTREAM_BAD_RESPONSE':
            return `Commerce Layer sent an unreadable answer (${init.status ?? '?'}) to ${target}`;
        case 'UPSTREAM_REQUEST_TOO_LARGE':
            return `The request URL for ${target} would be too long to send`;
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
function optional(key, value) {
    return (value === undefined ? {} : { [key]: value });
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
//# sourceMappingURL=errors.js.map