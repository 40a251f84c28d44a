import { createHash } from 'node:crypto';
import { GraphQLError, getOperationAST, print } from 'graphql';
import { callerScope } from "../auth/caller.js";
import { IdempotencyStoreFullError, MemoryIdempotencyStore, } from "./idempotency-store.js";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;
const KEY = /^[\x21-\x7e]+$/;
/**
 * User error codes meaning nothing was applied (safe to run again): without a write count (a
 * context without an upstream session), a result holding only these is not kept.
 */
const RETRYABLE_CODES = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE']);
/**
 * Idempotent mutations for clients that retry: a mutation sent with an `Idempotency-Key` header
 * runs once; the same key with the same operation and variables replays the stored response for
 * 24 hours (`extensions.idempotency.replayed: true`) instead of writing again.
 *
 * - Keys are scoped to the verified caller (`callerScope`: organisation, application and owner),
 *   so a refreshed token of the same caller finds its key; without a verified caller, to a SHA-256
 *   of the `Authorization` header. Responses are stored without the variables (only their hash).
 * - Stripe's rule: once the execution sent a write upstream, its first response is stored and
 *   replayed, whatever it is (partial errors, UNKNOWN_OUTCOME, validation errors included). The
 *   key is released (a retry runs again) only when no write was sent.
 * - The same key with a different operation or variables: `IDEMPOTENCY_KEY_REUSED` (400).
 * - A duplicate arriving while the first execution is in flight (on any replica sharing the store)
 *   waits for it and replays its response; still running after `waitTimeoutMs`:
 *   `IDEMPOTENCY_KEY_IN_USE` (409, retry later).
 * - The first execution's replica died before answering (its claim expired):
 *   `IDEMPOTENCY_OUTCOME_UNKNOWN` (409) for the rest of the 24 h: a write may have been applied;
 *   read the record, then use a new key.
 * - The response was too big to keep: `IDEMPOTENCY_RESULT_NOT_STORED` (409) on replay; the write
 *   happened once, read the record to see it.
 * - The store is unreachable (Redis down): `IDEMPOTENCY_UNAVAILABLE` (503) before any execution
 *   (fail closed); the store is full of in-flight keys: `IDEMPOTENCY_STORE_FULL` (503).
 * - Queries and requests without the header are untouched.
 */
export function useIdempotency(options = {}) {
    const store = options.store ?? new MemoryIdempotencyStore();
    const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    const leaseMs = options.inFlightTtlMs ?? 120_000;
    const waitTimeoutMs = options.waitTimeoutMs ?? 30_000;
    const header = (options.header ?? 'idempotency-key').toLowerCase();
    const unavailable = (error) => {
        if (error instanceof IdempotencyStoreFullError) {
            return refusal('Too many Idempotency-Key requests are in flight; nothing was done, retry later.', 'IDEMPOTENCY_STORE_FULL', 503);
        }
        options.onStoreError?.(error);
        return refusal('Idempotency keys cannot be checked right now; nothing was done, retry later.', 'IDEMPOTENCY_UNAVAILABLE', 503);
    };
    return {
        async onExecute({ args, setResultAndStopExecution }) {
            const context = args.contextValue;
            const request = context?.request;
            const key = request?.headers.get(header);
            if (!request || key == null) {
                return;
            }
            const operation = getOperationAST(args.document, args.operationName);
            if (operation?.operation !== 'mutation') {
                return;
            }
            if (key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY.test(key)) {
                setResultAndStopExecution(refusal(`The ${header} header must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters.`, 'IDEMPOTENCY_KEY_INVALID', 400));
                return;
            }
            const scope = context?.caller
                ? `c:${callerScope(context.caller)}`
                : `h:${request.headers.get('authorization') ?? ''}`;
            const storeKey = `${sha256(scope)}:${key}`;
            const fingerprint = sha256(JSON.stringify([
                args.operationName ?? null,
                print(args.document),
                canonical(args.variableValues ?? {}),
            ]));
            let owner;
            let entry;
            try {
                const first = await store.reserve(storeKey, fingerprint, { leaseMs, ttlMs });
                if (first.claimed) {
                    owner = first.owner;
                }
                else {
                    entry = first.entry;
                }
                if (entry?.state === 'in_flight' && entry.fingerprint === fingerprint) {
                    entry = await store.wait(storeKey, waitTimeoutMs);
                    if (entry === undefined) {
                        const again = await store.reserve(storeKey, fingerprint, { leaseMs, ttlMs });
                        if (again.claimed) {
                            owner = again.owner;
                        }
                        else {
                            entry = again.entry;
                        }
                    }
                }
            }
            catch (error) {
                setResultAndStopExecution(unavailable(error));
                return;
            }
            if (owner === undefined) {
                setResultAndStopExecution(answerFor(entry, fingerprint));
                return;
            }
            const claim = owner;
            const writesBefore = context?.upstream?.writeCount;
            return {
                async onExecuteDone({ result, setResult }) {
                    if (isAsyncIterable(result)) {
                        await store.release(storeKey, claim).catch(options.onStoreError);
                        return;
                    }
                    const writesAfter = context?.upstream?.writeCount;
                    const sentWrite = writesAfter === undefined ? replayable(result) : writesAfter > (writesBefore ?? 0);
                    if (!sentWrite) {
                        await store.release(storeKey, claim).catch(options.onStoreError);
                        return;
                    }
                    const stored = {
                        ...(result.data !== undefined ? { data: result.data } : {}),
                        ...(result.errors && result.errors.length > 0
                            ? { errors: result.errors.map((error) => error.toJSON()) }
                            : {}),
                        ...(result.extensions ? { extensions: { ...result.extensions } } : {}),
                    };
                    // A store failure here leaves the claim to expire as `abandoned`: retries are then
                    // answered IDEMPOTENCY_OUTCOME_UNKNOWN, never run twice. This client gets its answer.
                    await store.complete(storeKey, claim, stored).catch(options.onStoreError);
                    setResult({
                        ...result,
                        extensions: { ...result.extensions, idempotency: { replayed: false } },
                    });
                },
            };
        },
    };
}
/** The answer to a key that is already taken. */
function answerFor(entry, fingerprint) {
    if (entry.fingerprint !== fingerprint) {
        return refusal('This Idempotency-Key was already used with a different operation or variables; use a new key for a new request.', 'IDEMPOTENCY_KEY_REUSED', 400);
    }
    switch (entry.state) {
        case 'in_flight':
            return refusal('A request with this Idempotency-Key is still being processed; retry later.', 'IDEMPOTENCY_KEY_IN_USE', 409);
        case 'abandoned':
            return refusal('The first request with this Idempotency-Key stopped before answering, after it may have sent a change to Commerce Layer: its outcome is unknown. Read the record, then use a new key.', 'IDEMPOTENCY_OUTCOME_UNKNOWN', 409);
        case 'too_large':
            return refusal('The first request with this Idempotency-Key completed, but its response was too large to keep for replay. Read the record to see the outcome; nothing was done again.', 'IDEMPOTENCY_RESULT_NOT_STORED', 409);
        case 'completed':
            return replay(entry.result);
    }
}
function replay(result) {
    const errors = (result.errors ?? []).map((raw) => {
        const error = raw;
        return new GraphQLError(String(error.message ?? 'Error'), {
            ...(error.path ? { path: error.path } : {}),
            ...(error.extensions ? { extensions: error.extensions } : {}),
        });
    });
    return {
        ...(result.data !== undefined ? { data: result.data } : {}),
        ...(errors.length > 0 ? { errors } : {}),
        extensions: { ...result.extensions, idempotency: { replayed: true } },
    };
}
function refusal(message, code, status) {
    return { errors: [new GraphQLError(message, { extensions: { code, http: { status } } })] };
}
/**
 * Without a write count: whether a result may be replayed (no top-level errors, and not only
 * "nothing applied" user errors).
 */
export function replayable(result) {
    if (result.errors && result.errors.length > 0) {
        return false;
    }
    const codes = [];
    for (const value of Object.values(result.data ?? {})) {
        const userErrors = value?.userErrors;
        if (Array.isArray(userErrors)) {
            for (const error of userErrors) {
                codes.push(String(error.code));
            }
        }
    }
    return codes.length === 0 || !codes.every((code) => RETRYABLE_CODES.has(code));
}
function sha256(text) {
    return createHash('sha256').update(text).digest('hex');
}
/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables hash alike. */
export function canonical(value) {
    if (Array.isArray(value)) {
        return value.map(canonical);
    }
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.keys(value)
            .sort()
            .map((key) => [key, canonical(value[key])]));
    }
    return value;
}
function isAsyncIterable(value) {
    return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
//# sourceMappingURL=use-idempotency.js.map