import { useReadinessCheck } from 'graphql-yoga';
/**
 * `GET /readiness`: 200 `{"status":"ready"}` when the upstream answers within `timeoutMs`, else
 * 503 `{"status":"unavailable","upstream":"down"}` so a load balancer stops routing here while
 * Commerce Layer is unreachable. Liveness is yoga's built-in `/health` (200 while the process
 * serves HTTP). Neither body says why the upstream is down: that is in the logs.
 */
export function useReadiness({ ping, timeoutMs = 2_000, endpoint = '/readiness', sharedState, }) {
    return useReadinessCheck({
        endpoint,
        async check({ fetchAPI }) {
            const [up, redis] = await Promise.all([
                withTimeout(ping(), timeoutMs),
                sharedState ? withTimeout(sharedState(), timeoutMs) : Promise.resolve(undefined),
            ]);
            const redisState = redis === undefined ? {} : { redis: redis ? 'up' : 'down' };
            const body = up
                ? { status: redis === false ? 'degraded' : 'ready', ...redisState }
                : { status: 'unavailable', upstream: 'down', ...redisState };
            return fetchAPI.Response.json(body, {
                status: up ? 200 : 503,
                headers: { 'cache-control': 'no-store' },
            });
        },
    });
}
async function withTimeout(check, timeoutMs) {
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
    });
    try {
        return await Promise.race([check.catch(() => false), timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
//# sourceMappingURL=use-readiness.js.map