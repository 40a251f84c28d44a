import { useOnResolve } from '@envelop/on-resolve';
import {
  context,
  type Context as OtelContext,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { type GraphQLResolveInfo, getNamedType, isCompositeType, type ResponsePath } from 'graphql';
import { isPromise, type Plugin } from 'graphql-yoga';
import type { UpstreamAttempt, UpstreamObserver } from '../upstream/client.ts';
import type { QueryParams, Upstream, UpstreamSession } from '../upstream/types.ts';
import { errorCodesOf, operationTypeOf } from './results.ts';
import { pathTemplate } from './use-metrics.ts';

/**
 * OpenTelemetry spans through `@opentelemetry/api` only: without a registered SDK (see
 * `src/telemetry.ts`) every call below is a no-op. The tree for one GraphQL request:
 *
 *   query Customers                      (operation; parent: incoming `traceparent`, if any)
 *   └─ resolve Query.customers           (fields returning objects; scalar leaves are not traced)
 *      └─ resolve CustomerConnection.nodes …
 *         └─ loader.batch customers      (one upstream call of a DataLoader batch: `…_in` filter)
 *            └─ GET /api/customers       (one HTTP attempt; retries are siblings)
 *
 * `upstream.list`/`upstream.retrieve`/… spans stand where a call is not a batch (a connection's
 * page, a write). Attributes never carry variables, filters, headers or bodies.
 *
 * Why not `@envelop/opentelemetry`: its 9.x line depends on `@opentelemetry/sdk-trace-base` 1.x,
 * a second SDK next to the 2.x one we register, and it knows nothing of loaders or the upstream.
 * Resolver wrapping reuses its building block, `@envelop/on-resolve`.
 */
export const TRACER_NAME = 'customers-gateway';

const tracer = () => trace.getTracer(TRACER_NAME);

interface OperationState {
  readonly span: Span;
  readonly context: OtelContext;
}

/** Operation span per request, for the resolver spans to parent on. */
const operations = new WeakMap<Request, OperationState>();
/** The context of each traced field, keyed by graphql-js's path object (unique per execution). */
const fieldContexts = new WeakMap<ResponsePath, OtelContext>();

const TRACED = Symbol('traced');
type Resolver = Parameters<Parameters<typeof useOnResolve>[0]>[0]['resolver'];

/**
 * One process-wide resolver hook. `useOnResolve` wraps the schema's resolvers in place and marks
 * them with its own symbol: a single instance wraps the shared schema once, however many
 * gateways a process (or a test file) creates. For requests without an operation span (a gateway
 * created without this plugin) the wrapper calls the resolver straight through.
 */
const resolverSpans = useOnResolve(({ resolver, replaceResolver }) => {
  if (!(resolver as { [TRACED]?: true })[TRACED]) {
    replaceResolver(traceResolver(resolver));
  }
});

function traceResolver(resolver: Resolver): Resolver {
  const traced: Resolver = (root, args, ctx, info) => {
    const operation = operations.get((ctx as { request?: Request }).request as Request);
    // Without an SDK the operation span does not record: resolvers then run unwrapped.
    if (operation === undefined || !operation.span.isRecording() || !shouldTrace(info)) {
      return resolver(root, args, ctx, info);
    }
    const parent = parentContext(info.path) ?? operation.context;
    const span = tracer().startSpan(
      `resolve ${info.parentType.name}.${info.fieldName}`,
      {
        attributes: {
          'graphql.field.name': info.fieldName,
          'graphql.field.parent_type': info.parentType.name,
          'graphql.field.path': pathString(info.path),
          'graphql.field.type': String(info.returnType),
        },
      },
      parent,
    );
    const fieldContext = trace.setSpan(parent, span);
    fieldContexts.set(info.path, fieldContext);
    const fail = (error: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('graphql.error.codes', errorCodesOf({ errors: [error] }));
      span.end();
      throw error;
    };
    try {
      const result = context.with(fieldContext, () => resolver(root, args, ctx, info));
      if (isPromise(result)) {
        return Promise.resolve(result).then((value) => {
          span.end();
          return value;
        }, fail);
      }
      span.end();
      return result;
    } catch (error) {
      return fail(error);
    }
  };
  (traced as { [TRACED]?: true })[TRACED] = true;
  return traced;
}

/** Root fields and fields returning objects (relationships, connections): where I/O happens. */
function shouldTrace(info: GraphQLResolveInfo): boolean {
  return info.path.prev === undefined || isCompositeType(getNamedType(info.returnType));
}

function parentContext(path: ResponsePath): OtelContext | undefined {
  for (let at = path.prev; at !== undefined; at = at.prev) {
    const found = fieldContexts.get(at);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function pathString(path: ResponsePath): string {
  const keys: (string | number)[] = [];
  for (let at: ResponsePath | undefined = path; at !== undefined; at = at.prev) {
    keys.push(at.key);
  }
  return keys.reverse().join('.');
}

/**
 * The operation span (named `query Customers` once parsed) around parse, validation, context and
 * execution, with resolver spans below it. Records the operation's upstream request count and the
 * `extensions.code` of its errors. Continues an incoming W3C `traceparent` when a propagator is
 * registered.
 */
export function useTelemetry(): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(resolverSpans as Plugin);
    },
    instrumentation: {
      operation({ request }, wrapped) {
        const headers = Object.fromEntries(request.headers);
        const parent = propagation.extract(context.active(), headers);
        const span = tracer().startSpan(
          'graphql operation',
          { kind: SpanKind.SERVER, attributes: { 'graphql.operation.name': '' } },
          parent,
        );
        const operationContext = trace.setSpan(parent, span);
        operations.set(request, { span, context: operationContext });
        const end = () => {
          span.end();
          operations.delete(request);
        };
        const fail = (error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR });
          end();
          throw error;
        };
        return context.with(operationContext, () => {
          try {
            const result = wrapped();
            if (isPromise(result)) {
              return Promise.resolve(result).then(end, fail);
            }
            end();
            return result;
          } catch (error) {
            return fail(error);
          }
        });
      },
    },
    onExecute({ args }) {
      const operation = operations.get(args.contextValue.request);
      if (operation === undefined) {
        return;
      }
      const type = operationTypeOf(args.document, args.operationName) ?? 'query';
      const name = args.operationName ?? nameOf(args.document) ?? '';
      operation.span.updateName(name === '' ? type : `${type} ${name}`);
      operation.span.setAttributes({
        'graphql.operation.type': type,
        'graphql.operation.name': name,
      });
    },
    onExecutionResult({ request, result, context: ctx }) {
      const operation = operations.get(request);
      if (operation === undefined) {
        return;
      }
      const upstream = (ctx as { upstream?: { requestCount?: number } }).upstream;
      operation.span.setAttribute('gateway.upstream.requests', upstream?.requestCount ?? 0);
      const codes = errorCodesOf(result);
      if (codes.length > 0) {
        operation.span.setAttribute('graphql.error.codes', [...new Set(codes)]);
        operation.span.setStatus({ code: SpanStatusCode.ERROR });
      }
    },
  };
}

function nameOf(document: { definitions: readonly { kind: string; name?: { value: string } }[] }) {
  return document.definitions.find((definition) => definition.kind === 'OperationDefinition')?.name
    ?.value;
}

/**
 * Wraps an {@link Upstream} so each session call (one DataLoader batch, one page, one write) is a
 * span, parented on whatever is active: the resolver whose `load` started the batch. HTTP
 * attempts below it come from {@link upstreamTraceObserver}.
 */
export function traceUpstream(upstream: Upstream): Upstream {
  return {
    session: (authorization) => traceSession(upstream.session(authorization)),
    ping: () => upstream.ping(),
    gatewayToken: () => upstream.gatewayToken(),
  };
}

function traceSession(session: UpstreamSession): UpstreamSession {
  const call = <T>(
    kind: string,
    path: string,
    query: QueryParams | undefined,
    run: () => Promise<T>,
  ): Promise<T> => {
    const batchSize = batchSizeOf(query);
    const resource = pathTemplate(path);
    const name =
      batchSize === undefined ? `upstream.${kind} ${resource}` : `loader.batch ${resource}`;
    return tracer().startActiveSpan(
      name,
      {
        attributes: {
          'gateway.upstream.call': kind,
          'gateway.upstream.resource': resource,
          ...(batchSize === undefined ? {} : { 'gateway.batch.size': batchSize }),
          ...(query?.include?.length
            ? { 'gateway.upstream.include': query.include.join(',') }
            : {}),
        },
      },
      async (span) => {
        try {
          return await run();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          const code = (error as { code?: unknown } | null)?.code;
          if (typeof code === 'string') {
            span.setAttribute('error.type', code);
          }
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
  return {
    list: (path, query) => call('list', path, query, () => session.list(path, query)),
    retrieve: (path, query) => call('retrieve', path, query, () => session.retrieve(path, query)),
    create: (type, body, query) =>
      call('create', type, query, () => session.create(type, body, query)),
    update: (type, id, body, query) =>
      call('update', `${type}/${id}`, query, () => session.update(type, id, body, query)),
    delete: (type, id) =>
      call('delete', `${type}/${id}`, undefined, () => session.delete(type, id)),
    get requestCount() {
      return session.requestCount;
    },
    get writeCount() {
      return session.writeCount;
    },
    get rateLimit() {
      return session.rateLimit;
    },
  };
}

/** Ids (or other keys) one batch asks for: the length of its `…_in` filter. */
function batchSizeOf(query: QueryParams | undefined): number | undefined {
  for (const [predicate, value] of Object.entries(query?.filter ?? {})) {
    if (predicate.endsWith('_in') && Array.isArray(value)) {
      return value.length;
    }
  }
  return undefined;
}

/**
 * A client span per upstream HTTP attempt (`GET /api/customers`) with method, path (no query
 * string), status, retry number and Commerce Layer's `X-Ratelimit-*` values. Started in got's
 * `beforeRequest`, which runs in the session call's async context, so it nests under it.
 */
export function upstreamTraceObserver(): UpstreamObserver {
  const spans = new WeakMap<UpstreamAttempt, Span>();
  return {
    onRequest(attempt) {
      const span = tracer().startSpan(`${attempt.method} ${attempt.path}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': attempt.method,
          'url.path': attempt.path,
          ...(attempt.attempt > 1 ? { 'http.request.resend_count': attempt.attempt - 1 } : {}),
        },
      });
      spans.set(attempt, span);
    },
    onResponse(attempt, outcome) {
      const span = spans.get(attempt);
      if (span === undefined) {
        return;
      }
      spans.delete(attempt);
      if (outcome.status !== undefined) {
        span.setAttribute('http.response.status_code', outcome.status);
      }
      if (outcome.rateLimit !== undefined) {
        span.setAttributes({
          'commercelayer.ratelimit.limit': outcome.rateLimit.limit,
          'commercelayer.ratelimit.remaining': outcome.rateLimit.remaining,
          'commercelayer.ratelimit.interval': outcome.rateLimit.intervalSeconds,
        });
      }
      if (outcome.errorCode !== undefined || (outcome.status ?? 0) >= 400) {
        span.setAttribute('error.type', outcome.errorCode ?? String(outcome.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/**
 * Several observers as one (logs, metrics and traces all watch the same client). Absent ones are
 * left out: one observer is returned as is, none gives undefined (the client then observes
 * nothing and skips the bookkeeping).
 */
export function combineObservers(
  ...observers: readonly (UpstreamObserver | undefined)[]
): UpstreamObserver | undefined {
  const present = observers.filter((observer) => observer !== undefined);
  if (present.length <= 1) {
    return present[0];
  }
  return {
    onRequest(attempt) {
      for (const observer of present) {
        observer.onRequest?.(attempt);
      }
    },
    onResponse(attempt, outcome) {
      for (const observer of present) {
        observer.onResponse?.(attempt, outcome);
      }
    },
  };
}
