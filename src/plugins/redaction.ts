import { GraphQLError } from 'graphql';
import { stdSerializers } from 'pino';
import { isUpstreamError } from '../upstream/errors.ts';

/**
 * What may reach a log line about an error. GraphQL messages embed the caller's input
 * (`Variable "$email" got invalid value "…"`, upstream validation details), so a client-facing
 * error is logged by its code and path only, never its text; only the gateway's own faults keep a
 * message and a stack, scrubbed of anything that looks like an e-mail or a token.
 */

const EMAIL = /[^\s"'<>(),;:@/\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const JWT = /\beyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const BEARER = /\bBearer\s+\S+/gi;
/** graphql-js coercion messages quote the value: `got invalid value "x"`, `Value "x" does not…`. */
const QUOTED_VALUE =
  /(invalid value|[Vv]alue|found|represent[^:]*:)\s+("(?:[^"\\]|\\.)*"|\{.*?\}|\[.*?\]|\S+)/g;

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * An operation or variable name as sent by the caller, when it is a GraphQL name (at most 100
 * characters); anything else (a JSON key can hold an e-mail or a token) becomes `[invalid name]`.
 */
export function graphQLName(value: string): string {
  return NAME.test(value) ? value : '[invalid name]';
}

/** The text with e-mail addresses, JWTs, bearer credentials and quoted input values removed. */
export function redactText(text: string): string {
  return text
    .replace(BEARER, 'Bearer [redacted]')
    .replace(JWT, '[redacted token]')
    .replace(EMAIL, '[redacted email]')
    .replace(QUOTED_VALUE, '$1 [redacted]');
}

/** pino's `err` serializer with message and stack passed through {@link redactText}. */
export function errorSerializer(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack']) {
    if (typeof serialized[key] === 'string') {
      serialized[key] = redactText(serialized[key]);
    }
  }
  return serialized;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** How to log one error: its level, message and the fields that are safe to write. */
export interface ErrorLog {
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/**
 * Classifies an error for a log line:
 * - an upstream failure: `warn` (5xx, timeouts: Commerce Layer's fault) or `info` (4xx: the
 *   caller's), with the upstream status and code;
 * - a GraphQL error with an `extensions.code`, or a variable that did not coerce: the caller's
 *   mistake, `info`, code and path only;
 * - anything else is the gateway's own fault: `error`, with a scrubbed message and stack.
 */
export function errorLog(error: unknown): ErrorLog {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const path = error instanceof GraphQLError ? error.path?.join('.') : undefined;
  if (isUpstreamError(original)) {
    const serverSide = original.status === undefined || original.status >= 500;
    return {
      level: serverSide ? 'warn' : 'info',
      msg: 'upstream error',
      fields: {
        path,
        upstreamStatus: original.status,
        upstreamCode: original.errors[0]?.code ?? original.code,
      },
    };
  }
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    const variable = error.path === undefined && error.message.startsWith('Variable "$');
    if ((typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') || variable) {
      return {
        level: 'info',
        msg: 'client error',
        fields: { code: typeof code === 'string' ? code : 'BAD_USER_INPUT', path },
      };
    }
  }
  const cause = original instanceof Error ? original : new Error(String(original));
  return { level: 'error', msg: 'unexpected error', fields: { path, err: cause } };
}
