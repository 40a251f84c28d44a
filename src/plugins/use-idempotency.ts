import { createHash } from 'node:crypto';
import { type ExecutionResult, GraphQLError, getOperationAST, print } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import {
  type IdempotencyEntry,
  type IdempotencyStore,
  MemoryIdempotencyStore,
  type StoredResult,
} from './idempotency-store.ts';

export interface UseIdempotencyOptions {
  /** Where results are kept; default an in-memory store (one gateway process). */
  readonly store?: IdempotencyStore;
  /** How long a result is replayed (default 24 h). */
  readonly ttlMs?: number;
  /** How long an unfinished execution holds its key if it never completes (default 2 min). */
  readonly inFlightTtlMs?: number;
  /** How long a duplicate waits for the first execution before it is refused (default 30 s). */
  readonly waitTimeoutMs?: number;
  /** The request header carrying the key (default `idempotency-key`). */
  readonly header?: string;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;
const KEY = /^[\x21-\x7e]+$/;

/**
 * User error codes meaning nothing was applied (safe to run again): a result holding only these
 * is not kept, so a retry with the same key executes again instead of replaying the failure.
 */
const RETRYABLE_CODES = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE']);

/**
 * Idempotent mutations for clients that retry: a mutation sent with an `Idempotency-Key` header
 * runs once; the same key with the same operation and variables replays the stored result for
 * 24 hours (`extensions.idempotency.replayed: true`) instead of writing again.
 *
 * - Keys are scoped per caller by a SHA-256 of its `Authorization` header (the token itself is
 *   never stored), and results are stored without the variables (only their hash), so a password
 *   in the variables is never retained.
 * - The same key with a different operation or variables is refused: `IDEMPOTENCY_KEY_REUSED`
 *   (HTTP 400 semantics).
 * - A duplicate arriving while the first execution is in flight waits for it and replays its
 *   result; if it is still running after `waitTimeoutMs`, the duplicate is refused with
 *   `IDEMPOTENCY_KEY_IN_USE` (409) and may retry later.
 * - Results with top-level errors, or whose user errors all say nothing was applied
 *   (RATE_LIMITED, UPSTREAM_UNAVAILABLE), are not kept: a retry with the same key runs again.
 *   UNKNOWN_OUTCOME results are kept, so a blind retry cannot apply a write twice.
 * - Queries and requests without the header are untouched.
 */
export function useIdempotency(options: UseIdempotencyOptions = {}): Plugin {
  const store = options.store ?? new MemoryIdempotencyStore();
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const inFlightTtlMs = options.inFlightTtlMs ?? 120_000;
  const waitTimeoutMs = options.waitTimeoutMs ?? 30_000;
  const header = (options.header ?? 'idempotency-key').toLowerCase();

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const key = request?.headers.get(header);
      if (!request || key == null) {
        return;
      }
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') {
        return;
      }
      if (key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY.test(key)) {
        setResultAndStopExecution(
          refusal(
            `The ${header} header must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters.`,
            'IDEMPOTENCY_KEY_INVALID',
            400,
          ),
        );
        return;
      }
      const storeKey = `${sha256(request.headers.get('authorization') ?? '')}:${key}`;
      const fingerprint = sha256(
        JSON.stringify([
          args.operationName ?? null,
          print(args.document),
          canonical(args.variableValues ?? {}),
        ]),
      );

      let entry: IdempotencyEntry | undefined = await store.reserve(
        storeKey,
        fingerprint,
        inFlightTtlMs,
      );
      if (entry?.state === 'in_flight' && entry.fingerprint === fingerprint) {
        entry = await store.wait(storeKey, waitTimeoutMs);
        if (entry === undefined) {
          entry = await store.reserve(storeKey, fingerprint, inFlightTtlMs);
        }
      }
      if (entry !== undefined) {
        if (entry.fingerprint !== fingerprint) {
          setResultAndStopExecution(
            refusal(
              'This Idempotency-Key was already used with a different operation or variables; use a new key for a new request.',
              'IDEMPOTENCY_KEY_REUSED',
              400,
            ),
          );
        } else if (entry.state === 'in_flight') {
          setResultAndStopExecution(
            refusal(
              'A request with this Idempotency-Key is still being processed; retry later.',
              'IDEMPOTENCY_KEY_IN_USE',
              409,
            ),
          );
        } else {
          setResultAndStopExecution(replay(entry.result));
        }
        return;
      }

      return {
        async onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) {
            await store.release(storeKey);
            return;
          }
          if (!replayable(result)) {
            await store.release(storeKey);
            return;
          }
          const stored: StoredResult = {
            data: result.data,
            ...(result.extensions ? { extensions: { ...result.extensions } } : {}),
          };
          await store.complete(storeKey, fingerprint, stored, ttlMs);
          setResult({
            ...result,
            extensions: { ...result.extensions, idempotency: { replayed: false } },
          });
        },
      };
    },
  };
}

function replay(result: StoredResult): ExecutionResult {
  return {
    data: result.data as ExecutionResult['data'],
    extensions: { ...result.extensions, idempotency: { replayed: true } },
  };
}

function refusal(message: string, code: string, status: number): ExecutionResult {
  return { errors: [new GraphQLError(message, { extensions: { code, http: { status } } })] };
}

/** Whether a result may be replayed: no top-level errors, and not only "nothing applied" errors. */
export function replayable(result: ExecutionResult): boolean {
  if (result.errors && result.errors.length > 0) {
    return false;
  }
  const codes: string[] = [];
  for (const value of Object.values(result.data ?? {})) {
    const userErrors = (value as { userErrors?: unknown } | null)?.userErrors;
    if (Array.isArray(userErrors)) {
      for (const error of userErrors) {
        codes.push(String((error as { code?: unknown }).code));
      }
    }
  }
  return codes.length === 0 || !codes.every((code) => RETRYABLE_CODES.has(code));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables hash alike. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
