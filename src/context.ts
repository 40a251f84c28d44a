import type { YogaInitialContext } from 'graphql-yoga';
import { ResourceLoader } from './schema/loading/resource-loader.ts';
import type { Upstream, UpstreamSession } from './upstream/types.ts';

/** Per-request state: the caller's upstream session and its loaders. Never shared between requests. */
export interface Context {
  readonly upstream: UpstreamSession;
  readonly loader: ResourceLoader;
}

export interface ContextOptions {
  readonly upstream: Upstream;
  /** Compile selection sets into include/fields (true) or load field by field (false). */
  readonly planning: boolean;
}

export function createContext(
  { request }: Pick<YogaInitialContext, 'request'>,
  options: ContextOptions,
): Context {
  const session = options.upstream.session(request.headers.get('authorization') ?? undefined);
  return { upstream: session, loader: new ResourceLoader(session, options.planning) };
}
