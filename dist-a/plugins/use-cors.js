/** Request headers a browser on an allowed origin may send. */
export const CORS_REQUEST_HEADERS = [
    'accept',
    'authorization',
    'content-type',
    'idempotency-key',
    'x-request-id',
    'x-graphql-yoga-csrf',
    'traceparent',
    'tracestate',
];
/**
 * yoga's `cors` option for an allow-list (`CORS_ORIGINS`). Empty: `false`, CORS off (yoga's own
 * default would echo every `Origin` with `Access-Control-Allow-Credentials: true`). Otherwise an
 * allowed `Origin` (any, for `*`) is answered with itself and any other gets no CORS header at
 * all. Credentials are never allowed: callers authenticate with a bearer token, not cookies.
 */
export function corsOptionsOf(origins) {
    if (origins.length === 0) {
        return false;
    }
    const any = origins.includes('*');
    return (request) => {
        const origin = request.headers.get('origin');
        if (origin === null || !(any || origins.includes(origin))) {
            return false;
        }
        return {
            origin,
            credentials: false,
            methods: ['GET', 'POST'],
            allowedHeaders: [...CORS_REQUEST_HEADERS],
            exposedHeaders: ['x-request-id'],
            maxAge: 600,
        };
    };
}
/** With CORS on, every answer depends on `Origin`: say so to caches (`Vary: Origin`). */
export function useVaryOrigin() {
    return {
        onResponse({ response }) {
            const vary = response.headers.get('vary');
            if (!vary
                ?.toLowerCase()
                .split(/\s*,\s*/)
                .includes('origin')) {
                response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
            }
        },
    };
}
//# sourceMappingURL=use-cors.js.map