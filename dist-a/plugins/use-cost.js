import { GraphQLError, getOperationAST } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import { estimateCost } from "../schema/planning/cost.js";
/**
 * Commerce Layer's burst limit for uncacheable reads in test mode: 25 requests per endpoint in
 * 10 s (https://docs.commercelayer.io/core/rate-limits). An operation predicted to cost more would
 * be throttled by the upstream.
 */
export const DEFAULT_MAX_QUERY_COST = 25;
export function throttleStatusOf(status) {
    if (!status) {
        return null;
    }
    return {
        maximumAvailable: status.limit,
        currentlyAvailable: status.remaining,
        restoreRate: status.intervalSeconds > 0
            ? Math.round((status.limit / status.intervalSeconds) * 1000) / 1000
            : status.limit,
    };
}
/**
 * Adds `extensions.cost` to every response and refuses operations predicted to cost more than
 * `maxCost` upstream requests, before any upstream call.
 *
 * Commerce Layer counts per IP, so the gateway's whole traffic shares one budget: when a request
 * made no upstream call itself, `throttleStatus` shows the newest reading of any request.
 */
export function useCost(options = {}) {
    const predicted = new WeakMap();
    const classes = new WeakMap();
    let lastRateLimit;
    const costOf = (context) => {
        const session = context?.upstream;
        if (session?.rateLimit) {
            lastRateLimit = session.rateLimit;
        }
        const budgetClass = context ? classes.get(context) : undefined;
        return {
            requestedQueryCost: context ? (predicted.get(context) ?? 0) : 0,
            actualQueryCost: session?.requestCount ?? 0,
            throttleStatus: throttleStatusOf(options.budget
                ? options.budget.status(budgetClass ?? 'uncacheable')
                : (session?.rateLimit ?? lastRateLimit)),
            ...(options.maxCost !== undefined ? { maximumQueryCost: options.maxCost } : {}),
        };
    };
    const withCost = (result, cost) => ({
        ...result,
        extensions: { ...result.extensions, cost },
    });
    return {
        async onExecute({ args, setResultAndStopExecution }) {
            const context = args.contextValue;
            const requestedQueryCost = estimateCost({
                schema: args.schema,
                document: args.document,
                operationName: args.operationName,
                variables: args.variableValues,
                planning: context.loader.planning,
            });
            predicted.set(context, requestedQueryCost);
            if (options.maxCost !== undefined && requestedQueryCost > options.maxCost) {
                const error = new GraphQLError(`This operation would make about ${requestedQueryCost} Commerce Layer requests; the limit is ${options.maxCost}. Ask for fewer records per page, or split the operation.`, {
                    extensions: {
                        code: 'QUERY_TOO_EXPENSIVE',
                        requestedQueryCost,
                        maximumQueryCost: options.maxCost,
                    },
                });
                setResultAndStopExecution(withCost({ errors: [error] }, costOf(context)));
                return undefined;
            }
            if (options.budget && requestedQueryCost > 0) {
                const mutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
                const budgetClass = mutation ? 'write' : 'uncacheable';
                classes.set(context, budgetClass);
                const verdict = await options.budget.admit(budgetClass, requestedQueryCost, Date.now() + (options.maxWaitMs ?? 10_000));
                if (verdict.retryAfterSeconds !== undefined) {
                    const error = new GraphQLError(`Commerce Layer's rate budget has no room for this operation now (about ${requestedQueryCost} requests); nothing was sent, retry after ${verdict.retryAfterSeconds} s.`, { extensions: { code: 'RATE_LIMITED', retryAfter: verdict.retryAfterSeconds } });
                    setResultAndStopExecution(withCost({ errors: [error] }, costOf(context)));
                    return undefined;
                }
            }
            return {
                onExecuteDone({ result, setResult }) {
                    if (!isAsyncIterable(result)) {
                        setResult(withCost(result, costOf(context)));
                    }
                },
            };
        },
        onResultProcess({ result, setResult }) {
            // Responses that never reached execution (parse or validation errors, refusals by other
            // plugins) still carry a cost: nothing was predicted or spent.
            if (isAsyncIterable(result)) {
                return;
            }
            const results = Array.isArray(result) ? result : [result];
            if (results.some((item) => !item.extensions?.cost)) {
                const patched = results.map((item) => item.extensions?.cost
                    ? item
                    : withCost(item, costOf(undefined)));
                setResult(Array.isArray(result) ? patched : patched[0]);
            }
        },
    };
}
//# sourceMappingURL=use-cost.js.map