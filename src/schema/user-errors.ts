import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { isUpstreamError, type UpstreamError } from '../upstream/errors.ts';
import { notFoundMessage, rateLimitMessage, UPSTREAM_NOT_FOUND_SUBJECT } from './errors.ts';

/**
 * Expected mutation failures, Shopify style: every payload has `userErrors`, a list of
 * `{ field, message, code }` where `field` is the path of the offending argument (`["input",
 * "email"]`) and `code` a stable enum. Upstream failures are mapped here too, so a client never
 * has to read top-level `errors` to learn why a write did not happen.
 */

export const USER_ERROR_CODES = {
  BLANK: 'A required value is missing or empty.',
  INVALID: 'The value is not valid (format, type or allowed characters).',
  TAKEN: 'The value must be unique and is already used (an email address, a tag name).',
  TOO_LONG: 'The value is longer than allowed.',
  TOO_SHORT: 'The value is shorter than allowed.',
  NOT_FOUND: 'The record (or a record the input refers to) does not exist or is not visible.',
  FORBIDDEN: 'The access token does not allow this change (sales channel and customer tokens).',
  UNAUTHENTICATED: 'The access token is missing, invalid or expired.',
  HAS_DEPENDENCIES: 'Commerce Layer refused to delete the record because others depend on it.',
  CONFLICT:
    'The record changed concurrently and the change could not be applied safely; retry the mutation.',
  RATE_LIMITED: 'Commerce Layer rate limit reached; nothing was changed, retry later.',
  LIMIT_EXCEEDED: 'The change would exceed a limit (for example 10 tags per customer).',
  INVALID_STATE:
    "The record's state does not allow the change (an anonymization already requested, not cancellable…).",
  RESET_TOKEN_INVALID: 'The password reset token is wrong for this reset.',
  RESET_TOKEN_USED: 'The password reset token has already been used.',
  UPSTREAM_UNAVAILABLE: 'Commerce Layer did not process the request; nothing was changed, retry.',
  STATE_UNAVAILABLE:
    "The gateway's shared state (Redis) is unreachable, so the change could not be made safely; nothing was changed, retry.",
  UNKNOWN_OUTCOME:
    'The request reached Commerce Layer but its answer was lost (timeout, dropped connection): the change may or may not have been applied. Read the record before retrying.',
} as const;

export type UserErrorCode = keyof typeof USER_ERROR_CODES;

export const UserErrorCodeEnum = builder.enumType('UserErrorCode', {
  description: 'Why a mutation could not do what was asked. Stable: branch on these.',
  values: Object.fromEntries(
    Object.entries(USER_ERROR_CODES).map(([name, description]) => [name, { description }]),
  ) as { [K in UserErrorCode]: { description: string } },
});

/** One expected failure of a mutation. */
export interface UserErrorShape {
  /** Path of the argument at fault (`['input', 'email']`, `['tags', '3']`); null when none. */
  readonly field: readonly string[] | null;
  readonly message: string;
  readonly code: UserErrorCode;
}

export const DisplayableError = builder.interfaceRef<UserErrorShape>('DisplayableError').implement({
  description: 'An error a client can show next to the input that caused it.',
  fields: (t) => ({
    field: t.stringList({
      nullable: true,
      description:
        'The path to the argument at fault, e.g. `["input", "email"]` or `["tags", "2"]`; null when the error is not about one argument.',
      resolve: (error) => (error.field ? [...error.field] : null),
    }),
    message: t.exposeString('message', {
      description: 'What went wrong, in English, with the upstream detail when there is one.',
    }),
  }),
});

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description:
    'An expected failure of a mutation (validation, state, permission, upstream). Mutations never report these as top-level errors.',
  interfaces: [DisplayableError],
  isTypeOf: (value) => typeof (value as UserErrorShape).code === 'string',
  fields: (t) => ({
    code: t.field({
      type: UserErrorCodeEnum,
      description: 'The kind of failure.',
      resolve: (error) => error.code,
    }),
  }),
});

export function userError(
  code: UserErrorCode,
  message: string,
  field: readonly string[] | null = null,
): UserErrorShape {
  return { code, message, field };
}

/** Thrown inside a mutation to stop it with user errors; caught by {@link withUserErrors}. */
export class UserErrors extends Error {
  override readonly name = 'UserErrors';
  readonly errors: readonly UserErrorShape[];

  constructor(errors: readonly UserErrorShape[]) {
    super(errors.map((error) => error.message).join('; '));
    this.errors = errors;
  }
}

/** `snake_case` → `camelCase`. */
export function camelCase(name: string): string {
  return name.replace(/^_+/, '').replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Rails validation keys (`meta.error`) → codes. */
const META_ERRORS: Readonly<Record<string, UserErrorCode>> = {
  blank: 'BLANK',
  present: 'INVALID',
  empty: 'BLANK',
  taken: 'TAKEN',
  invalid: 'INVALID',
  inclusion: 'INVALID',
  exclusion: 'INVALID',
  not_a_number: 'INVALID',
  not_an_integer: 'INVALID',
  greater_than: 'INVALID',
  greater_than_or_equal_to: 'INVALID',
  less_than: 'INVALID',
  less_than_or_equal_to: 'INVALID',
  equal_to: 'INVALID',
  wrong_length: 'INVALID',
  too_long: 'TOO_LONG',
  too_short: 'TOO_SHORT',
  not_found: 'NOT_FOUND',
};

/** How one mutation's arguments relate to the upstream's JSON:API pointers. */
export interface PointerMapping {
  /** Prefix of input paths: `['input']` for `customerCreate(input:)`, `[]` for flat arguments. */
  readonly prefix: readonly string[];
  /**
   * Upstream attribute or relationship name → argument path (without the prefix), when it is
   * not simply its camelCase name (`customer_group` → `['customerGroupId']`). `null` means the
   * error is not about an argument (a trigger attribute such as `_request_anonymization`).
   */
  readonly names?: Readonly<Record<string, readonly string[] | null>>;
  /** Upstream attribute → code, overriding `meta.error` (`_cancel_anonymization` → INVALID_STATE). */
  readonly codes?: Readonly<Record<string, UserErrorCode>>;
  /** The argument path of the record id (`['id']`), for NOT_FOUND answers. */
  readonly idField?: readonly string[];
  /** The token kind of the caller: a 400 `PARAM_NOT_ALLOWED` for a sales channel is FORBIDDEN. */
  readonly tokenKind?: string | undefined;
}

/**
 * The argument path a JSON:API `source.pointer` designates: `/data/attributes/email` →
 * `[...prefix, 'email']`, `/data/relationships/customer_group` → `[...prefix, 'customerGroup']`
 * (or as `names` says). Null for pointers that name no attribute or relationship.
 */
export function fieldOfPointer(
  pointer: string | undefined,
  mapping: PointerMapping,
): string[] | null {
  const match = /^\/data\/(attributes|relationships)\/([^/]+)/.exec(pointer ?? '');
  if (!match) {
    return null;
  }
  const name = match[2] as string;
  const mapped = mapping.names?.[name];
  if (mapped === null) {
    return null;
  }
  return [...mapping.prefix, ...(mapped ?? [camelCase(name)])];
}

function nameOfPointer(pointer: string | undefined): string | undefined {
  return /^\/data\/(?:attributes|relationships)\/([^/]+)/.exec(pointer ?? '')?.[1];
}

/**
 * User errors for a failed upstream write. Validation errors (422) keep their pointer as the
 * field and `meta.error` as the code; statuses map to codes (401 → FORBIDDEN or UNAUTHENTICATED,
 * 404 → NOT_FOUND, 423 → HAS_DEPENDENCIES, 429 → RATE_LIMITED, 5xx → UPSTREAM_UNAVAILABLE); a
 * timeout or dropped connection after sending is UNKNOWN_OUTCOME. Messages carry the upstream
 * `detail` (never `meta.value`, which may echo input) and never a credential.
 */
export function fromUpstream(error: UpstreamError, mapping: PointerMapping): UserErrorShape[] {
  if (error.applied === 'unknown') {
    return [
      userError(
        'UNKNOWN_OUTCOME',
        `${describeFailure(error)}: the change may or may not have been applied. Read the record before retrying.`,
      ),
    ];
  }
  if (error.code === 'UPSTREAM_REQUEST_TOO_LARGE') {
    return [userError('INVALID', `${describeFailure(error)}; nothing was changed.`)];
  }
  if (error.code !== 'UPSTREAM_HTTP_ERROR' || error.status === undefined) {
    if (error.applied === 'yes') {
      // Applied, but the gateway cannot say what the record looks like now: as unknown for the
      // client (it must read the record), and never retried as if nothing happened.
      return [
        userError(
          'UNKNOWN_OUTCOME',
          'Commerce Layer applied the change but its answer could not be read; read the record to see it.',
        ),
      ];
    }
    return [userError('UPSTREAM_UNAVAILABLE', `${describeFailure(error)}; nothing was changed.`)];
  }
  const status = error.status;
  const list = error.errors.length > 0 ? error.errors : [{}];
  return list.map((item) => {
    const detail = item.detail ?? item.title ?? `HTTP ${status}`;
    const pointer = item.source?.pointer;
    const name = nameOfPointer(pointer);
    const field = fieldOfPointer(pointer, mapping);
    const message = `Commerce Layer: ${detail}`;
    switch (status) {
      case 401:
        return item.code === 'INVALID_TOKEN'
          ? userError('UNAUTHENTICATED', message)
          : userError('FORBIDDEN', message, field);
      case 403:
        return userError('FORBIDDEN', message, field);
      case 404:
        return userError(
          'NOT_FOUND',
          notFoundMessage(UPSTREAM_NOT_FOUND_SUBJECT),
          field ?? mapping.idField ?? null,
        );
      case 409:
        return userError('TAKEN', message, field);
      case 423:
        return userError('HAS_DEPENDENCIES', message, mapping.idField ?? null);
      case 429:
        return userError(
          'RATE_LIMITED',
          `${rateLimitMessage(error.retryAfterSeconds)} Nothing was changed.`,
        );
      default:
        break;
    }
    if (status >= 500) {
      return userError('UPSTREAM_UNAVAILABLE', `Commerce Layer failed (HTTP ${status}).`);
    }
    if (status === 400 && item.code === 'PARAM_NOT_ALLOWED') {
      const restricted =
        mapping.tokenKind === 'sales_channel' ||
        mapping.tokenKind === 'customer' ||
        mapping.tokenKind === 'webapp';
      return userError(restricted ? 'FORBIDDEN' : 'INVALID', message, field);
    }
    const meta = typeof item.meta?.error === 'string' ? item.meta.error : undefined;
    const override = name ? mapping.codes?.[name] : undefined;
    const code = override ?? (meta ? META_ERRORS[meta] : undefined) ?? 'INVALID';
    return userError(code, message, field);
  });
}

function describeFailure(error: UpstreamError): string {
  switch (error.code) {
    case 'UPSTREAM_TIMEOUT':
      return 'Commerce Layer did not answer in time';
    case 'UPSTREAM_NETWORK_ERROR':
      return 'The connection to Commerce Layer failed';
    case 'UPSTREAM_BAD_RESPONSE':
      return 'Commerce Layer sent an unreadable answer';
    case 'UPSTREAM_REQUEST_TOO_LARGE':
      return 'The request would be too long to send to Commerce Layer';
    default:
      return `Commerce Layer answered ${error.status ?? '?'}`;
  }
}

/**
 * Runs a mutation body: its result, or `{ userErrors }` when it throws {@link UserErrors}, an
 * upstream error (mapped with `mapping`), or a BAD_USER_INPUT GraphQLError (mapped to INVALID on
 * its `argument`). Anything else is a bug and stays a (masked) top-level error.
 */
export async function withUserErrors<T extends object>(
  mapping: PointerMapping | (() => PointerMapping),
  run: () => Promise<T>,
): Promise<T | { userErrors: UserErrorShape[] }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UserErrors) {
      return { userErrors: [...error.errors] };
    }
    if (isUpstreamError(error)) {
      return {
        userErrors: fromUpstream(error, typeof mapping === 'function' ? mapping() : mapping),
      };
    }
    if (error instanceof GraphQLError && error.extensions?.code === 'BAD_USER_INPUT') {
      const argument = error.extensions.argument;
      return {
        userErrors: [
          userError(
            'INVALID',
            error.message,
            typeof argument === 'string' ? argument.split('.') : null,
          ),
        ],
      };
    }
    throw error;
  }
}
