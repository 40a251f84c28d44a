import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { type GraphQLParams, isAsyncIterable, type Plugin, type YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import type { Context } from '../context.ts';
import type { UpstreamAttempt, UpstreamObserver } from '../upstream/client.ts';
import { isUpstreamError } from '../upstream/errors.ts';
import { errorLog, errorSerializer, graphQLName, redactText } from './redaction.ts';
import { errorCodesOf, operationTypeOf } from './results.ts';

/** The header a caller (or a proxy) may send to correlate logs; echoed on every response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming request id may look like; anything else is replaced by a fresh UUID. */
const REQUEST_ID = /^[\w.:/+=-]{1,128}$/;

/**
 * Paths pino censors wherever they appear one level deep. The plugins below never put headers,
 * variables or upstream bodies into a log line; this is the net under that rule.
 */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'cookie',
  '*.cookie',
  'password',
  '*.password',
  'email',
  '*.email',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'client_secret',
  '*.client_secret',
];

/** The process logger: JSON lines on stdout (or `destination`), secrets redacted. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const base = { service: 'customers-gateway' };
  // pino's own default: synchronous writes to standard output.
  const stream = destination ?? pino.destination(1);
  const logger = pino(
    {
      level,
      base,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: errorSerializer },
    },
    stream,
  );
  // The per-request line has a fixed shape built here from checked values (request id, operation
  // and variable *names*, status, duration, counts, error codes): none of the redacted keys can
  // occur in it, so it is written by a sibling without the redaction pass, which cost about a
  // tenth of the CPU of a `{ __typename }` request. Same level, base and stream.
  requestLines.set(logger, pino({ level, base }, stream));
  return logger;
}

/** The redaction-free sibling of a logger made by {@link createLogger}, for request lines. */
const requestLines = new WeakMap<Logger, Logger>();

/**
 * yoga's own messages (unexpected errors, warnings) through pino, as `component: 'yoga'`. Errors
 * are described by `errorLog`: client mistakes at info with code and path, no text or stack.
 */
export function yogaLoggerOf(logger: Logger): YogaLogger {
  const child = logger.child({ component: 'yoga' });
  const write = (level: 'trace' | 'info' | 'warn' | 'error') =>
    // yoga calls `debug` several times per request: a disabled level costs one call, no redaction.
    !child.isLevelEnabled(level) && level !== 'error'
      ? () => {}
      : (...args: unknown[]) => {
          const [first, ...rest] = args;
          if (first instanceof Error) {
            // yoga logs each error it masks: the caller's mistakes by code, never by their text.
            const described = errorLog(first);
            child[level === 'error' ? described.level : level](described.fields, described.msg);
          } else {
            child[level]({ args: rest.length > 0 ? rest : undefined }, redactText(String(first)));
          }
        };
  // yoga's debug messages trace its pipeline steps: below our debug lines (upstream calls).
  return { debug: write('trace'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * The request id of the GraphQL request being served, for lines written outside the plugin
 * (upstream calls): set by {@link useLogging} around the whole handling of a request.
 */
const requestScope = new AsyncLocalStorage<string>();

/**
 * Upstream HTTP attempts at debug level: the `requestId` of the GraphQL request that caused them,
 * method, path (no query string), status or error code, duration.
 */
export function upstreamLogObserver(logger: Logger): UpstreamObserver {
  const child = logger.child({ component: 'upstream' });
  // Read when the attempt starts (in the request's async context), written when it ends.
  const requestIds = new WeakMap<UpstreamAttempt, string>();
  return {
    onRequest(attempt) {
      const requestId = requestScope.getStore();
      if (requestId !== undefined && child.isLevelEnabled('debug')) {
        requestIds.set(attempt, requestId);
      }
    },
    onResponse(attempt, outcome) {
      if (!child.isLevelEnabled('debug')) {
        return;
      }
      child.debug(
        {
          requestId: requestIds.get(attempt),
          method: attempt.method,
          path: attempt.path,
          attempt: attempt.attempt,
          status: outcome.status,
          errorCode: outcome.errorCode,
          durationMs: round(outcome.durationMs),
          rateLimitRemaining: outcome.rateLimit?.remaining,
        },
        'upstream request',
      );
    },
  };
}

export interface LoggingOptions {
  readonly logger: Logger;
}

/** The id chosen for each request by the `request` instrumentation, read back by `onRequest`. */
const requestIdsByRequest = new WeakMap<Request, string>();

interface RequestLog {
  readonly requestId: string;
  readonly startedAt: number;
  operationName?: string;
  operationType?: string;
  variableNames?: string[];
  graphql: boolean;
  upstreamRequests: number;
  readonly errorCodes: Set<string>;
}

/**
 * One log line per GraphQL request (`msg: 'graphql request'`): request id (the caller's
 * `x-request-id` when it looks like one, else a UUID; echoed as a response header), operation name
 * and type, HTTP status, duration, upstream HTTP requests (`ctx.upstream.requestCount`) and the
 * `extensions.code` of every error. Variable names only, never values: variables carry e-mails and
 * passwords. GraphiQL, `/health`, `/metrics` and other non-GraphQL requests are not logged.
 *
 * Cheap per request: one small record per request in a WeakMap, hooks shared by every request
 * (no per-request closures), and the line built once, in `onResponse`. The request id is carried
 * to upstream debug lines through AsyncLocalStorage only when those lines are written (`debug`):
 * at `info` no async context is tracked.
 */
export function useLogging({ logger }: LoggingOptions): Plugin<Context> {
  // Any other logger (a test's, a child) keeps its redaction on request lines too.
  const lines = requestLines.get(logger) ?? logger;
  const requests = new WeakMap<Request, RequestLog>();
  const requestIdOf = (request: Request) => {
    const incoming = request.headers.get(REQUEST_ID_HEADER);
    return incoming !== null && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  };
  // Runs before yoga masks the result: the cause of an INTERNAL_SERVER_ERROR is only here.
  const executeHooks = {
    onExecuteDone({
      args,
      result,
    }: {
      args: { contextValue: { request: Request } };
      result: ExecutionResult | AsyncIterable<unknown>;
    }) {
      if (isAsyncIterable(result) || result.errors === undefined) {
        return;
      }
      for (const error of result.errors) {
        const cause = error.originalError;
        if (
          cause &&
          error.extensions?.code === undefined &&
          !isExpected(cause) &&
          errorLog(error).level === 'error'
        ) {
          logger.error(
            {
              requestId: requests.get(args.contextValue.request)?.requestId,
              path: error.path?.join('.'),
              err: cause,
            },
            'unexpected error',
          );
        }
      }
    },
  };
  const upstreamLines = logger.isLevelEnabled('debug');
  return {
    ...(upstreamLines
      ? {
          instrumentation: {
            request({ request }, wrapped) {
              const requestId = requestIdOf(request);
              requestIdsByRequest.set(request, requestId);
              return requestScope.run(requestId, wrapped);
            },
          } satisfies Plugin['instrumentation'],
        }
      : {}),
    onRequest({ request }) {
      requests.set(request, {
        requestId: (upstreamLines && requestIdsByRequest.get(request)) || requestIdOf(request),
        startedAt: performance.now(),
        graphql: false,
        upstreamRequests: 0,
        errorCodes: new Set(),
      });
    },
    onParams({ request, params }) {
      const log = requests.get(request);
      if (log === undefined) {
        return;
      }
      log.graphql = true;
      describeParams(log, params);
    },
    onExecute({ args }) {
      const log = requests.get(args.contextValue.request);
      const type = operationTypeOf(args.document, args.operationName);
      if (log !== undefined && type !== undefined) {
        log.operationType = type;
      }
      return executeHooks;
    },
    onExecutionResult({ request, context }) {
      const log = requests.get(request);
      if (log === undefined) {
        return;
      }
      // One result per operation (several when batched); the session counts its own requests.
      const upstream = (context as Partial<Context>).upstream;
      log.upstreamRequests = Math.max(log.upstreamRequests, upstream?.requestCount ?? 0);
    },
    onResultProcess({ request, result }) {
      const log = requests.get(request);
      for (const code of log === undefined ? [] : errorCodesOf(result)) {
        log?.errorCodes.add(code);
      }
    },
    onResponse({ request, response }) {
      const log = requests.get(request);
      if (log === undefined) {
        return;
      }
      response.headers.set(REQUEST_ID_HEADER, log.requestId);
      if (!log.graphql) {
        return;
      }
      const errorCodes = [...log.errorCodes];
      const level = errorCodes.includes('INTERNAL_SERVER_ERROR')
        ? 'error'
        : errorCodes.length > 0
          ? 'warn'
          : 'info';
      if (!lines.isLevelEnabled(level)) {
        return;
      }
      lines[level](
        {
          requestId: log.requestId,
          operationName: log.operationName ?? null,
          operationType: log.operationType ?? null,
          variables: log.variableNames,
          status: response.status,
          durationMs: round(performance.now() - log.startedAt),
          upstreamRequests: log.upstreamRequests,
          errorCodes,
        },
        'graphql request',
      );
    },
  };
}

/** Errors that carry their own client-facing code (mapped by `maskError`), not bugs. */
function isExpected(cause: Error): boolean {
  return (
    isUpstreamError(cause) ||
    (cause instanceof GraphQLError && cause.extensions?.code !== undefined)
  );
}

function describeParams(log: RequestLog, params: GraphQLParams): void {
  if (typeof params.operationName === 'string' && params.operationName !== '') {
    log.operationName = graphQLName(params.operationName);
  } else if (typeof params.query === 'string') {
    const named = /\b(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(params.query);
    if (named?.[2] !== undefined) {
      log.operationName = named[2];
    }
  }
  if (params.variables !== null && typeof params.variables === 'object') {
    log.variableNames = Object.keys(params.variables).map(graphQLName);
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
