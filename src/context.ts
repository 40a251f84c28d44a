import type { YogaInitialContext } from 'graphql-yoga';
import type { Caller } from './auth/caller.ts';
import type { CustomerEventBus } from './live/events.ts';
import { callerOfRequest } from './plugins/use-auth.ts';
import type { KeyedLock } from './schema/customer/customer-lock.ts';
import { ResourceLoader } from './schema/loading/resource-loader.ts';
import type { Upstream, UpstreamSession } from './upstream/types.ts';

/** Per-request state: the caller's upstream session and its loaders. Never shared between requests. */
export interface Context {
  readonly upstream: UpstreamSession;
  readonly loader: ResourceLoader;
  /**
   * The verified caller (see `src/auth/`). Undefined only where no caller token was resolved
   * (a gateway built without authentication, in unit tests).
   */
  readonly caller: Caller | undefined;
  /** Customer events for subscriptions (`schema/customer/live.ts`); absent: live updates off. */
  readonly events?: CustomerEventBus;
  /**
   * Per-customer locks of read-modify-write mutations: shared by the fleet with `REDIS_URL`.
   * Undefined: the process-wide in-memory lock.
   */
  readonly locks?: KeyedLock;
}

export interface ContextOptions {
  readonly upstream: Upstream;
  /** Compile selection sets into include/fields (true) or load field by field (false). */
  readonly planning: boolean;
  readonly events?: CustomerEventBus;
  readonly locks?: KeyedLock;
}

export function createContext(
  initial: Pick<YogaInitialContext, 'request'> & { caller?: Caller },
  options: ContextOptions,
): Context {
  const caller = initial.caller ?? callerOfRequest(initial.request);
  // A verified caller's own token is forwarded; the gateway's credential only when it was lent.
  const session = options.upstream.session(
    caller === undefined || caller.gatewayCredential ? undefined : `Bearer ${caller.token}`,
  );
  return {
    upstream: session,
    loader: new ResourceLoader(session, options.planning),
    caller,
    ...(options.events ? { events: options.events } : {}),
    ...(options.locks ? { locks: options.locks } : {}),
  };
}
