/**
 * The emulator's wire: one node:http request listener that answers `/oauth/token`, the JWKS,
 * `/api/*` (through the JSON:API layer) and hands `/_emulator/*` to the admin endpoint. Every
 * non-admin request goes through the same steps, in this order:
 *
 * 1. record start, assign `X-Request-Id`, read the body;
 * 2. faults (latency, then at most one terminal fault) — they act like a broken proxy in front
 *    of Commerce Layer, so they win over every check below;
 * 3. `/api/*`: 405 unknown method → 406 `Accept` → 401 bearer → 429 rate limit → 415
 *    `Content-Type` (only when there is a body) → 400 invalid JSON → the JSON:API layer.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { classify, endpointOf } from "./rate-limit.js";
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';
const MAX_BODY_BYTES = 1024 * 1024;
const API_METHODS = new Set(['GET', 'POST', 'PATCH', 'DELETE']);
export function errorDocument(error) {
    return { errors: [error] };
}
/** Writes a JSON body (or none for 204) unless the client already went away. */
export function send(response, status, body, contentType = JSON_API_MEDIA_TYPE, headers = {}) {
    if (response.headersSent || response.destroyed) {
        return;
    }
    for (const [name, value] of Object.entries(headers)) {
        response.setHeader(name, value);
    }
    if (status === 204 || body === undefined) {
        response.writeHead(status);
        response.end();
        return;
    }
    const payload = JSON.stringify(body);
    response.writeHead(status, {
        'Content-Type': contentType,
        'Content-Length': Buffer.byteLength(payload),
    });
    response.end(payload);
}
/** Reads the whole request body; `null` when it exceeds the limit. */
export async function readBody(request, limit = MAX_BODY_BYTES) {
    const chunks = [];
    let size = 0;
    for await (const chunk of request) {
        size += chunk.length;
        if (size > limit) {
            return null;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/** True when a header value names `media` (parameters such as `charset` are tolerated). */
function mentionsMediaType(header, media) {
    if (header === undefined) {
        return false;
    }
    return header
        .split(',')
        .some((part) => (part.split(';')[0] ?? '').trim().toLowerCase() === media);
}
function tokenKindOf(verification) {
    if (verification === undefined || !verification.ok) {
        return 'none';
    }
    return verification.auth.ownerCustomerId !== undefined ? 'customer' : verification.auth.kind;
}
function rateLimitHeaders(verdict) {
    return {
        'X-Ratelimit-Limit': verdict.limit,
        'X-Ratelimit-Interval': verdict.intervalSeconds,
        'X-Ratelimit-Remaining': verdict.remaining,
    };
}
const TOO_MANY_REQUESTS = {
    title: 'Too many requests',
    detail: 'You have exceeded the rate limit for this endpoint. Please retry later.',
    code: 'TOO_MANY_REQUESTS',
    status: '429',
};
function serverError(status) {
    const titles = {
        500: ['Internal server error', 'INTERNAL_SERVER_ERROR'],
        502: ['Bad gateway', 'BAD_GATEWAY'],
        503: ['Service unavailable', 'SERVICE_UNAVAILABLE'],
        504: ['Gateway timeout', 'GATEWAY_TIMEOUT'],
    };
    const [title, code] = titles[status] ?? ['Internal server error', 'INTERNAL_SERVER_ERROR'];
    return { title, detail: `${title} (injected by the emulator).`, code, status: String(status) };
}
/** Parses a token request body: JSON, or `application/x-www-form-urlencoded`. */
function parseTokenBody(body, contentType) {
    const text = body.toString('utf8');
    if (mentionsMediaType(contentType, 'application/x-www-form-urlencoded')) {
        return Object.fromEntries(new URLSearchParams(text));
    }
    if (text.trim() === '') {
        return {};
    }
    try {
        const parsed = JSON.parse(text);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
            ? parsed
            : {};
    }
    catch {
        return Object.fromEntries(new URLSearchParams(text));
    }
}
export function clientIp(request) {
    // Commerce Layer's header for forwarding the end user's IP (`x-true-client-ip`, sent by
    // js-auth on token calls), honoured everywhere here.
    const forwarded = request.headers['x-true-client-ip'];
    return (typeof forwarded === 'string' && forwarded) || request.socket.remoteAddress || 'unknown';
}
/** Builds the `(request, response)` listener for `http.createServer`. */
export function createRequestListener(context) {
    return (request, response) => {
        handle(context, request, response).catch((error) => {
            context.onError?.(error);
            send(response, 500, errorDocument(INTERNAL_ERROR));
        });
    };
}
const INTERNAL_ERROR = {
    title: 'Internal server error',
    detail: 'The emulator failed to answer this request.',
    code: 'INTERNAL_SERVER_ERROR',
    status: '500',
};
async function handle(context, request, response) {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const requestId = randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    if (path === '/_emulator' || path.startsWith('/_emulator/')) {
        await context.admin(request, response, url);
        return;
    }
    const seq = context.requestLog.nextSeq();
    const log = { tokenKind: 'none' };
    let recorded = false;
    const record = (status) => {
        if (recorded) {
            return;
        }
        recorded = true;
        context.requestLog.record({
            seq,
            method,
            path,
            query: Object.fromEntries(url.searchParams),
            ...log,
            status,
            durationMs: Math.round((performance.now() - started) * 100) / 100,
            requestId,
            startedAt,
        });
    };
    // Dropped or held requests are recorded when their connection closes.
    response.once('close', () => record(response.writableFinished ? response.statusCode : null));
    try {
        await serve(context, request, response, { method, url, log });
    }
    catch (error) {
        context.onError?.(error);
        send(response, 500, errorDocument(INTERNAL_ERROR));
    }
    // Recorded synchronously after the answer is queued, so a client that reads the log right
    // after its response always finds its request there.
    if (response.writableEnded) {
        record(response.statusCode);
    }
}
async function serve(context, request, response, input) {
    const { method, url, log } = input;
    const path = url.pathname;
    const isApi = path === '/api' || path.startsWith('/api/');
    const body = await readBody(request);
    const verification = isApi ? await context.auth.verify(request.headers.authorization) : undefined;
    log.tokenKind = tokenKindOf(verification);
    if (verification?.ok) {
        log.clientId = verification.auth.clientId;
    }
    const decision = context.faults.decide(method, path);
    if (decision.applied.length > 0) {
        log.fault = decision.applied.join(',');
    }
    if (decision.delayMs > 0) {
        await sleep(decision.delayMs);
    }
    if (decision.terminal !== undefined) {
        const proceed = await applyTerminalFault(context, decision.terminal, request, response);
        if (!proceed) {
            return;
        }
    }
    if (body === null) {
        send(response, 413, errorDocument({
            title: 'Payload too large',
            detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
            code: 'PAYLOAD_TOO_LARGE',
            status: '413',
        }));
        return;
    }
    if (path === '/oauth/token' && method === 'POST') {
        const params = parseTokenBody(body, request.headers['content-type']);
        if (typeof params.grant_type === 'string') {
            log.grantType = params.grant_type;
        }
        const verdict = context.rateLimiter.check(clientIp(request), 'token', 'POST /oauth/token', 'test');
        const headers = rateLimitHeaders(verdict);
        if (!verdict.allowed) {
            const error = { ...TOO_MANY_REQUESTS, status: 429, meta: {} };
            send(response, 429, { errors: [error] }, JSON_MEDIA_TYPE, {
                ...headers,
                'Retry-After': verdict.retryAfterSeconds ?? 1,
            });
            return;
        }
        const result = await context.auth.token(params);
        send(response, result.status, result.body, JSON_MEDIA_TYPE, {
            ...headers,
            'Cache-Control': 'no-store',
        });
        return;
    }
    if (path === '/oauth/revoke' && method === 'POST') {
        // RFC 7009: 200 whether or not the token was known.
        const params = parseTokenBody(body, request.headers['content-type']);
        if (typeof params.token === 'string') {
            context.auth.revoke(params.token);
        }
        send(response, 200, {}, JSON_MEDIA_TYPE);
        return;
    }
    if (path === '/.well-known/jwks.json' && method === 'GET') {
        send(response, 200, context.auth.jwks(), JSON_MEDIA_TYPE);
        return;
    }
    if (['/oauth/token', '/oauth/revoke', '/.well-known/jwks.json'].includes(path)) {
        const allowed = path === '/.well-known/jwks.json' ? 'GET' : 'POST';
        send(response, 405, { errors: [{ code: 'METHOD_NOT_ALLOWED', detail: `Use ${allowed}.`, status: 405 }] }, JSON_MEDIA_TYPE, { Allow: allowed });
        return;
    }
    if (!isApi || verification === undefined) {
        send(response, 404, errorDocument({
            title: 'Not found',
            detail: `No route matches ${method} ${path}.`,
            code: 'NOT_FOUND',
            status: '404',
        }));
        return;
    }
    await handleApi(context, request, response, { method, url, body, verification });
}
/** `/api/customers/a%20b` → `['customers', 'a b']`; null for broken percent-encoding. */
function pathSegments(pathname) {
    try {
        return pathname
            .slice('/api'.length)
            .split('/')
            .filter((segment) => segment !== '')
            .map((segment) => decodeURIComponent(segment));
    }
    catch {
        return null;
    }
}
/** Returns true when the request should then be served normally (a timeout with `holdMs`). */
async function applyTerminalFault(context, fault, request, response) {
    switch (fault.kind) {
        case 'error':
            send(response, fault.status ?? 500, errorDocument(serverError(fault.status ?? 500)));
            return false;
        case 'rate_limit':
            send(response, 429, errorDocument(TOO_MANY_REQUESTS), JSON_API_MEDIA_TYPE, {
                'Retry-After': fault.retryAfterSeconds ?? 1,
            });
            return false;
        case 'malformed': {
            const broken = '{"data":[{"id":"emulator-malformed","type":"customers","attributes":{"email":';
            response.writeHead(200, {
                'Content-Type': JSON_API_MEDIA_TYPE,
                'Content-Length': Buffer.byteLength(broken),
            });
            response.end(broken);
            return false;
        }
        case 'drop':
            request.socket.destroy();
            return false;
        case 'timeout':
            if (fault.holdMs !== undefined) {
                await sleep(fault.holdMs);
                return !response.destroyed;
            }
            context.held.add(response);
            response.once('close', () => context.held.delete(response));
            return false;
        default:
            return true;
    }
}
async function handleApi(context, request, response, input) {
    const { method, url, body, verification } = input;
    if (!API_METHODS.has(method)) {
        send(response, 405, errorDocument({
            title: 'Method not allowed',
            detail: `${method} is not allowed on ${url.pathname}.`,
            code: 'METHOD_NOT_ALLOWED',
            status: '405',
        }), JSON_API_MEDIA_TYPE, { Allow: 'GET, POST, PATCH, DELETE' });
        return;
    }
    if (!mentionsMediaType(request.headers.accept, JSON_API_MEDIA_TYPE)) {
        send(response, 406, errorDocument({
            title: 'Not acceptable',
            detail: `All requests must use the '${JSON_API_MEDIA_TYPE}' Accept header.`,
            code: 'NOT_ACCEPTABLE',
            status: '406',
        }));
        return;
    }
    if (!verification.ok) {
        send(response, 401, errorDocument(verification.error));
        return;
    }
    const { auth } = verification;
    const segments = pathSegments(url.pathname);
    if (segments === null) {
        send(response, 400, errorDocument({
            title: 'Bad request',
            detail: `The path ${url.pathname} is not valid percent-encoding.`,
            code: 'BAD_REQUEST',
            status: '400',
        }));
        return;
    }
    const verdict = context.rateLimiter.check(context.rateLimiter.by === 'client' ? `client:${auth.clientId}` : clientIp(request), classify(method, segments[0]), endpointOf(method, segments), auth.test ? 'test' : 'live');
    const limitHeaders = rateLimitHeaders(verdict);
    if (!verdict.allowed) {
        send(response, 429, errorDocument(TOO_MANY_REQUESTS), JSON_API_MEDIA_TYPE, {
            ...limitHeaders,
            'Retry-After': verdict.retryAfterSeconds ?? 1,
        });
        return;
    }
    let parsed;
    if (body.length > 0) {
        if (!mentionsMediaType(request.headers['content-type'], JSON_API_MEDIA_TYPE)) {
            send(response, 415, errorDocument({
                title: 'Unsupported media type',
                detail: `All requests that create or update must use the '${JSON_API_MEDIA_TYPE}' Content-Type. This request specified '${request.headers['content-type'] ?? ''}'.`,
                code: 'UNSUPPORTED_MEDIA_TYPE',
                status: '415',
            }), JSON_API_MEDIA_TYPE, limitHeaders);
            return;
        }
        try {
            parsed = JSON.parse(body.toString('utf8'));
        }
        catch {
            send(response, 400, errorDocument({
                title: 'Bad request',
                detail: 'The request body is not valid JSON.',
                code: 'BAD_REQUEST',
                status: '400',
            }), JSON_API_MEDIA_TYPE, limitHeaders);
            return;
        }
    }
    const host = request.headers.host ?? `${request.socket.localAddress}:${request.socket.localPort}`;
    const apiRequest = {
        method: method,
        segments,
        query: url.searchParams,
        body: parsed,
        auth,
        baseUrl: `http://${host}/api`,
    };
    const result = context.api.handle(apiRequest);
    send(response, result.status, result.body, JSON_API_MEDIA_TYPE, {
        ...limitHeaders,
        ...result.headers,
    });
}
//# sourceMappingURL=http-server.js.map