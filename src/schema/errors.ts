import { GraphQLError } from 'graphql';
import { isUpstreamError, type UpstreamError } from '../upstream/errors.ts';

/**
 * Stable `extensions.code` values of this API. Clients branch on these, never on messages.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'LOCKED'
  | 'CONFLICT';

/** Invalid arguments, refused before any upstream call. `argument` is the argument's path. */
export function badUserInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/**
 * The one wording of NOT_FOUND, for errors and user errors alike: `No <subject>.`, where the
 * subject names the type and the key, e.g. `No Customer with id Q3VzdG9tZXI6YWJj.` A record the
 * caller's token may not see is not found too (Commerce Layer answers 404 for both).
 */
export function notFoundMessage(subject: string, hint?: string): string {
  return hint ? `No ${subject}; ${hint}.` : `No ${subject}.`;
}

/** The subject of an upstream 404 whose record the gateway cannot name. */
export const UPSTREAM_NOT_FOUND_SUBJECT = 'such record visible to the access token';

/** The one wording of RATE_LIMITED; `retryAfter` (seconds) is also in `extensions.retryAfter`. */
export function rateLimitMessage(retryAfterSeconds?: number): string {
  return retryAfterSeconds === undefined
    ? "Commerce Layer's rate limit was reached; retry later."
    : `Commerce Layer's rate limit was reached; retry in ${retryAfterSeconds} s.`;
}

/** A lookup whose target does not exist (or is not visible to the caller's token). */
export function notFound(subject: string): GraphQLError {
  return new GraphQLError(notFoundMessage(subject), { extensions: { code: 'NOT_FOUND' } });
}

/** The error code clients see for an upstream failure. */
export function codeOf(error: UpstreamError): ErrorCode {
  if (error.code === 'UPSTREAM_TIMEOUT') {
    return 'UPSTREAM_TIMEOUT';
  }
  if (error.code === 'UPSTREAM_REQUEST_TOO_LARGE') {
    return 'BAD_USER_INPUT';
  }
  if (error.code !== 'UPSTREAM_HTTP_ERROR' || error.status === undefined) {
    return 'UPSTREAM_UNAVAILABLE';
  }
  const upstreamCode = error.errors[0]?.code;
  switch (error.status) {
    case 401:
      // Commerce Layer answers 401 both for a bad token and for a permission it does not grant.
      return upstreamCode === 'UNAUTHORIZED' ? 'FORBIDDEN' : 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 423:
      return 'LOCKED';
    case 429:
      return 'RATE_LIMITED';
    default:
      return error.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'BAD_USER_INPUT';
  }
}

const MESSAGES: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'Commerce Layer refused the request.',
  UNAUTHENTICATED: 'The access token is missing, invalid or expired.',
  FORBIDDEN: 'The access token does not allow this operation.',
  NOT_FOUND: notFoundMessage(UPSTREAM_NOT_FOUND_SUBJECT),
  RATE_LIMITED: rateLimitMessage(),
  UPSTREAM_UNAVAILABLE: 'Commerce Layer is unavailable; retry later.',
  UPSTREAM_TIMEOUT: 'Commerce Layer did not answer in time; retry later.',
  LOCKED: 'Commerce Layer refused to change the resource because other records depend on it.',
  CONFLICT: 'The resource changed concurrently; retry.',
};

/**
 * The client-facing error for an upstream failure: a stable code, the upstream status, error code
 * and request id, and `retryAfter` for rate limits. Upstream error details are included for 4xx
 * answers (they describe the caller's request), never for 5xx.
 */
export function fromUpstreamError(error: UpstreamError, base?: GraphQLError): GraphQLError {
  const code = codeOf(error);
  const first = error.errors[0];
  // Upstream details explain a refused request (400/401/403/422…); a 404's or a 429's say what
  // the message already says, so they are not repeated.
  const detail =
    error.status !== undefined &&
    error.status < 500 &&
    code !== 'NOT_FOUND' &&
    code !== 'RATE_LIMITED'
      ? first?.detail
      : undefined;
  const message =
    error.code === 'UPSTREAM_REQUEST_TOO_LARGE'
      ? 'The arguments would need a Commerce Layer request URL longer than it accepts: use fewer or shorter filter values.'
      : code === 'RATE_LIMITED'
        ? rateLimitMessage(error.retryAfterSeconds)
        : MESSAGES[code];
  return new GraphQLError(detail ? `${message} ${detail}` : message, {
    ...(base
      ? { nodes: base.nodes, source: base.source, positions: base.positions, path: base.path }
      : {}),
    extensions: {
      code,
      upstream: {
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(first?.code ? { code: first.code } : {}),
        ...(error.requestId ? { requestId: error.requestId } : {}),
      },
      ...(error.retryAfterSeconds !== undefined ? { retryAfter: error.retryAfterSeconds } : {}),
      ...(error.applied ? { writeApplied: error.applied } : {}),
    },
  });
}

/**
 * yoga's `maskError`: upstream failures become typed errors; GraphQL errors with a code pass; all
 * else is masked (no internals reach clients).
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (isUpstreamError(original)) {
    return fromUpstreamError(original, error instanceof GraphQLError ? error : undefined);
  }
  if (error instanceof GraphQLError) {
    if (isVariableError(error)) {
      return new GraphQLError(error.message, {
        nodes: error.nodes,
        extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
      });
    }
    if (original instanceof GraphQLError && original.extensions?.code) {
      return error;
    }
    if (!original && error.extensions?.code !== undefined) {
      return error;
    }
    if (!original) {
      return error;
    }
  }
  return new GraphQLError(message, {
    ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * graphql-js's errors for variables that do not fit their declared types (`Variable "$first" got
 * invalid value "x"; Int cannot represent …`), raised before execution, so without a path. They
 * describe the caller's input, yet carry the scalar's own exception as `originalError`, which
 * would otherwise mask them as internal errors.
 */
function isVariableError(error: GraphQLError): boolean {
  return error.path === undefined && error.message.startsWith('Variable "$');
}
