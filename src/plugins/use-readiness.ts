import type { Plugin } from 'graphql-yoga';

export interface ReadinessOptions {
  /** Resolves true when the upstream answers (`Upstream.ping`); must not throw. */
  readonly ping: () => Promise<boolean>;
  /** Longest wait for `ping` before the answer is 503. Default 2 000 ms. */
  readonly timeoutMs?: number;
  /** Default `/readiness`. */
  readonly endpoint?: string;
  /**
   * The shared state's check (Redis PING), when the gateway has one. Redis down does not stop
   * reads, so the answer stays 200 while the upstream is up; the body says `"redis":"down"` and
   * the status `degraded`, for dashboards and alerts.
   */
  readonly sharedState?: () => Promise<boolean>;
}

/**
 * `GET /readiness`: 200 `{"status":"ready"}` when the upstream answers within `timeoutMs`, else
 * 503 `{"status":"unavailable","upstream":"down"}` so a load balancer stops routing here while
 * Commerce Layer is unreachable. Liveness is yoga's built-in `/health` (200 while the process
 * serves HTTP). Neither body says why the upstream is down: that is in the logs.
 */
export function useReadiness({
  ping,
  timeoutMs = 2_000,
  endpoint = '/readiness',
  sharedState,
}: ReadinessOptions): Plugin {
  // Not yoga's `useReadinessCheck`: it matches every request against a URLPattern (a polyfill
  // on Node 20), about 2 % of the CPU of a `{ __typename }` request. The path is compared here.
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) {
        return undefined;
      }
      return Promise.all([
        withTimeout(ping(), timeoutMs),
        sharedState ? withTimeout(sharedState(), timeoutMs) : Promise.resolve(undefined),
      ]).then(([up, redis]) => {
        const redisState = redis === undefined ? {} : { redis: redis ? 'up' : 'down' };
        const body = up
          ? { status: redis === false ? 'degraded' : 'ready', ...redisState }
          : { status: 'unavailable', upstream: 'down', ...redisState };
        endResponse(
          fetchAPI.Response.json(body, {
            status: up ? 200 : 503,
            headers: { 'cache-control': 'no-store' },
          }),
        );
      });
    },
  };
}

async function withTimeout(check: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
