import { type Plugin, useReadinessCheck } from 'graphql-yoga';

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
