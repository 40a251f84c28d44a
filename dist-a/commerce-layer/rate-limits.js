/**
 * Commerce Layer's published rate limits (https://docs.commercelayer.io/core/rate-limits), as data:
 * one table read by both the emulator (which enforces them) and the gateway's rate budget (which
 * spends them). Imports nothing, so neither side pulls the other in.
 *
 * | class | test: average / burst | live: average / burst |
 * | --- | --- | --- |
 * | uncacheable reads (customers and their relationships) | 100 / min, 25 / 10 s | 200 / min, 50 / 10 s |
 * | writes (POST, PATCH, DELETE) | 100 / min, 25 / 10 s | 200 / min, 50 / 10 s |
 * | cacheable reads (markets, stock_locations, skus, prices, …) | 500 / min, 125 / 10 s | 1 000 / min, 250 / 10 s |
 *
 * The *average* limit sums every endpoint of a class over one minute; the *burst* limit counts one
 * endpoint over ten seconds. The token endpoint allows 30 requests a minute.
 */
export const MINUTE_MS = 60_000;
export const TEN_SECONDS_MS = 10_000;
export const PUBLISHED_LIMITS = {
    uncacheable: {
        test: { average: 100, averageWindowMs: MINUTE_MS, burst: 25, burstWindowMs: TEN_SECONDS_MS },
        live: { average: 200, averageWindowMs: MINUTE_MS, burst: 50, burstWindowMs: TEN_SECONDS_MS },
    },
    write: {
        test: { average: 100, averageWindowMs: MINUTE_MS, burst: 25, burstWindowMs: TEN_SECONDS_MS },
        live: { average: 200, averageWindowMs: MINUTE_MS, burst: 50, burstWindowMs: TEN_SECONDS_MS },
    },
    cacheable: {
        test: { average: 500, averageWindowMs: MINUTE_MS, burst: 125, burstWindowMs: TEN_SECONDS_MS },
        live: { average: 1000, averageWindowMs: MINUTE_MS, burst: 250, burstWindowMs: TEN_SECONDS_MS },
    },
};
/** Requests a minute to the token endpoint, per IP, live and test. */
export const TOKEN_REQUESTS_PER_MINUTE = 30;
/** Resources Commerce Layer classes as cacheable (everything else, customers included, is not). */
const CACHEABLE = new Set([
    'bundles',
    'imports',
    'markets',
    'prices',
    'price_lists',
    'promotions',
    'skus',
    'sku_options',
    'stock_items',
    'stock_locations',
]);
/** The class of an `/api` request by its method and first path segment (the resource). */
export function rateClassOf(method, resource) {
    if (method !== 'GET' && method !== 'HEAD') {
        return 'write';
    }
    return resource !== undefined && (CACHEABLE.has(resource) || resource.endsWith('_promotions'))
        ? 'cacheable'
        : 'uncacheable';
}
//# sourceMappingURL=rate-limits.js.map