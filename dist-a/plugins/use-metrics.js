import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { errorCodesOf, operationTypeOf } from "./results.js";
/** Creates the registry with process metrics (CPU, memory, event loop lag) and ours. */
export function createMetrics() {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const registers = [registry];
    const requests = new Counter({
        name: 'gateway_graphql_requests_total',
        help: 'GraphQL requests, by operation type and outcome (ok, or error when any error was returned).',
        labelNames: ['operation_type', 'outcome'],
        registers,
    });
    const requestDuration = new Histogram({
        name: 'gateway_graphql_request_duration_seconds',
        help: 'Time from receiving a GraphQL request to its response, upstream calls included.',
        labelNames: ['operation_type'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
    });
    const errors = new Counter({
        name: 'gateway_graphql_errors_total',
        help: 'GraphQL errors returned to clients, by extensions.code.',
        labelNames: ['code'],
        registers,
    });
    const upstreamRequests = new Counter({
        name: 'gateway_upstream_requests_total',
        help: 'Commerce Layer HTTP attempts (retries count), by method, path template and status (or error code when no response came).',
        labelNames: ['method', 'resource', 'status'],
        registers,
    });
    const upstreamDuration = new Histogram({
        name: 'gateway_upstream_request_duration_seconds',
        help: 'Duration of one Commerce Layer HTTP attempt.',
        labelNames: ['method', 'resource'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
    });
    const upstreamObserver = {
        onResponse(attempt, outcome) {
            const resource = pathTemplate(attempt.path);
            upstreamRequests.inc({
                method: attempt.method,
                resource,
                status: outcome.status === undefined ? (outcome.errorCode ?? 'error') : String(outcome.status),
            });
            upstreamDuration.observe({ method: attempt.method, resource }, outcome.durationMs / 1000);
        },
    };
    return {
        registry,
        upstreamObserver,
        requests,
        requestDuration,
        errors,
        upstreamRequests,
        upstreamDuration,
    };
}
/**
 * `/api/customers/abc/orders` → `customers/:id/orders`: JSON:API paths alternate type and id, so
 * every second segment is an id. Keeps the label's values few.
 */
export function pathTemplate(path) {
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments[0] === 'api') {
        segments.shift();
    }
    return segments.map((segment, index) => (index % 2 === 1 ? ':id' : segment)).join('/') || '/';
}
/**
 * Serves `GET /metrics` (Prometheus text format) and records every GraphQL request: count by
 * operation type and outcome, duration histogram, and one count per returned error code.
 */
export function useMetrics({ metrics, endpoint = '/metrics' }) {
    const requests = new WeakMap();
    return {
        onRequest({ request, url, endResponse, fetchAPI }) {
            if (endpoint !== null && url.pathname === endpoint) {
                return metrics.registry.metrics().then((text) => endResponse(new fetchAPI.Response(text, {
                    status: request.method === 'GET' ? 200 : 405,
                    headers: {
                        'content-type': metrics.registry.contentType,
                        'cache-control': 'no-store',
                    },
                })));
            }
            requests.set(request, {
                startedAt: performance.now(),
                graphql: false,
                operationType: 'unknown',
                errorCodes: [],
            });
            return undefined;
        },
        onParams({ request }) {
            const state = requests.get(request);
            if (state !== undefined) {
                state.graphql = true;
            }
        },
        onExecute({ args }) {
            const state = requests.get(args.contextValue.request);
            if (state !== undefined) {
                state.operationType = operationTypeOf(args.document, args.operationName) ?? 'unknown';
            }
        },
        onResultProcess({ request, result }) {
            requests.get(request)?.errorCodes.push(...errorCodesOf(result));
        },
        onResponse({ request }) {
            const state = requests.get(request);
            if (state === undefined || !state.graphql) {
                return;
            }
            const operationType = state.operationType;
            metrics.requests.inc({
                operation_type: operationType,
                outcome: state.errorCodes.length > 0 ? 'error' : 'ok',
            });
            metrics.requestDuration.observe({ operation_type: operationType }, (performance.now() - state.startedAt) / 1000);
            for (const code of state.errorCodes) {
                metrics.errors.inc({ code });
            }
        },
    };
}
//# sourceMappingURL=use-metrics.js.map