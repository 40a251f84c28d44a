import { builder } from "../../builder.js";
import { notFoundMessage } from "../errors.js";
import { UserErrors, userError, withUserErrors } from "../user-errors.js";
import { LockTimeoutError, LockUnavailableError, withCustomerLock } from "./customer-lock.js";
import { checkMetadata, customerPayload, idArgument, remember, writeQuery, } from "./writes.js";
/** Read-merge-write rounds before giving up with CONFLICT. */
export const MAX_METADATA_ATTEMPTS = 3;
const CONCURRENCY_NOTE = "Commerce Layer replaces metadata whole and has no conditional update, so this is a read-modify-write: the gateway first reads the customer with the caller's credentials (NOT_FOUND when the caller cannot see it; nothing more happens when the change would change nothing), then takes the customer's lock (shared by every gateway replica when they share Redis; waits at most 10 s, then CONFLICT; STATE_UNAVAILABLE when the lock store is unreachable), reads the current metadata and `updated_at` again (a read older than this process's last write of the customer is stale and is read again), writes the result, and checks that the answer holds exactly what was written with an `updated_at` not older than the read, re-reading and retrying otherwise (at most 3 rounds), then CONFLICT. Values are compared as JSON (`-0` is `0`, key order does not matter). Concurrent merges through the gateway never lose each other's keys; writes made directly against Commerce Layer are not serialised with them. Cost: two reads and one write (one read when nothing changes).";
const CustomerMetadataMergePayload = customerPayload('CustomerMetadataMergePayload', 'The result of customerMetadataMerge.', 'The customer with its merged metadata; null when nothing was written.');
const CustomerMetadataRemovePayload = customerPayload('CustomerMetadataRemovePayload', 'The result of customerMetadataRemove.', 'The customer without the removed keys; null when nothing was written.');
function mapping(ctx) {
    return {
        prefix: [],
        names: { metadata: ['metadata'] },
        idField: ['id'],
        tokenKind: ctx.caller?.kind,
    };
}
function withMetadata(plan) {
    plan.fields.add('metadata');
    plan.fields.add('updated_at');
}
/**
 * `updated_at` of the last metadata write this process made per customer (bounded): a later read
 * that is older than it is stale (a lagging replica or cache) and is read again, never merged.
 */
const lastWrittenAt = new Map();
const MAX_REMEMBERED_WRITES = 10_000;
function rememberWrite(id, at) {
    lastWrittenAt.delete(id);
    lastWrittenAt.set(id, at);
    if (lastWrittenAt.size > MAX_REMEMBERED_WRITES) {
        const oldest = lastWrittenAt.keys().next().value;
        if (oldest !== undefined) {
            lastWrittenAt.delete(oldest);
        }
    }
}
function updatedAt(customer) {
    return Date.parse(String(customer.attributes.updated_at ?? ''));
}
function metadataOf(customer) {
    const value = customer.attributes.metadata;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : {};
}
/**
 * The read-modify-write loop. `change` computes the new metadata from the current one; the read
 * and the write both carry what the payload selects, so the payload costs no further request.
 */
async function rewriteMetadata(ctx, info, id, field, change) {
    const query = writeQuery(ctx, info, withMetadata);
    // The lock is taken only once the caller is known to see the customer.
    const visible = await ctx.upstream.retrieve(`customers/${encodeURIComponent(id)}`, query);
    if (!visible) {
        throw new UserErrors([userError('NOT_FOUND', 'The customer does not exist.', ['id'])]);
    }
    if (jsonEqual(change(metadataOf(visible)), metadataOf(visible))) {
        return remember(ctx, visible);
    }
    ctx.loader.forget('customers', id);
    return lockedRewrite(ctx, id, field, async () => {
        for (let attempt = 1; attempt <= MAX_METADATA_ATTEMPTS; attempt += 1) {
            const current = await ctx.upstream.retrieve(`customers/${encodeURIComponent(id)}`, query);
            if (!current) {
                throw new UserErrors([
                    userError('NOT_FOUND', notFoundMessage(`Customer with id ${id}`), ['id']),
                ]);
            }
            const readAt = updatedAt(current);
            if (readAt < (lastWrittenAt.get(id) ?? Number.NEGATIVE_INFINITY)) {
                ctx.loader.forget('customers', id);
                continue;
            }
            const before = metadataOf(current);
            const next = change(before);
            if (jsonEqual(next, before)) {
                return remember(ctx, current);
            }
            checkMetadata(next, field);
            const written = await ctx.upstream.update('customers', id, { attributes: { metadata: next } }, query);
            const writtenAt = updatedAt(written);
            if (jsonEqual(metadataOf(written), next) && !(writtenAt < readAt)) {
                if (!Number.isNaN(writtenAt)) {
                    rememberWrite(id, writtenAt);
                }
                return remember(ctx, written);
            }
            ctx.loader.forget('customers', id);
        }
        throw new UserErrors([
            userError('CONFLICT', `The metadata kept changing concurrently (${MAX_METADATA_ATTEMPTS} attempts); retry.`, field),
        ]);
    });
}
/** Runs `task` under the customer's lock; lock failures become user errors. */
export async function lockedRewrite(ctx, id, field, task) {
    try {
        return await withCustomerLock(ctx, id, task);
    }
    catch (error) {
        if (error instanceof LockTimeoutError) {
            throw new UserErrors([
                userError('CONFLICT', 'Another change of this customer is still in progress; nothing was changed, retry.', field),
            ]);
        }
        if (error instanceof LockUnavailableError) {
            throw new UserErrors([
                userError('STATE_UNAVAILABLE', "The gateway's shared state is unreachable, so the change could not be made safely; nothing was changed, retry.", field),
            ]);
        }
        throw error;
    }
}
/** Equality of JSON values as JSON: `-0` equals `0`, object key order does not matter. */
export function jsonEqual(a, b) {
    return JSON.stringify(sortedJson(a)) === JSON.stringify(sortedJson(b));
}
function sortedJson(value) {
    if (Array.isArray(value)) {
        return value.map(sortedJson);
    }
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.keys(value)
            .sort()
            .map((key) => [key, sortedJson(value[key])]));
    }
    return value;
}
builder.mutationFields((t) => ({
    customerMetadataMerge: t.field({
        type: CustomerMetadataMergePayload,
        description: `Sets the given metadata keys, keeping every other key (a shallow merge: a given key replaces its whole value). ${CONCURRENCY_NOTE}`,
        args: {
            id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
            metadata: t.arg({
                type: 'JSONObject',
                required: true,
                description: 'The keys to set, with their values (at most 100 keys and 16 KiB in all).',
            }),
        },
        resolve: (_root, args, ctx, info) => withUserErrors(mapping(ctx), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            const patch = checkMetadata(args.metadata, ['metadata']);
            if (Object.keys(patch).length === 0) {
                throw new UserErrors([userError('BLANK', 'Give at least one key.', ['metadata'])]);
            }
            const customer = await rewriteMetadata(ctx, info, id, ['metadata'], (current) => ({
                ...current,
                ...patch,
            }));
            return { customer, userErrors: [] };
        }),
    }),
    customerMetadataRemove: t.field({
        type: CustomerMetadataRemovePayload,
        description: `Removes the given metadata keys, keeping every other key; keys that are absent are ignored. ${CONCURRENCY_NOTE}`,
        args: {
            id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
            keys: t.arg.stringList({ required: true, description: 'The keys to remove (at most 100).' }),
        },
        resolve: (_root, args, ctx, info) => withUserErrors(mapping(ctx), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            if (args.keys.length === 0 || args.keys.length > 100) {
                throw new UserErrors([userError('INVALID', 'Give 1 to 100 keys.', ['keys'])]);
            }
            const index = args.keys.findIndex((key) => key.trim() === '');
            if (index >= 0) {
                throw new UserErrors([userError('BLANK', 'A key is blank.', ['keys', String(index)])]);
            }
            const removed = new Set(args.keys);
            const customer = await rewriteMetadata(ctx, info, id, ['keys'], (current) => Object.fromEntries(Object.entries(current).filter(([key]) => !removed.has(key))));
            return { customer, userErrors: [] };
        }),
    }),
}));
//# sourceMappingURL=metadata.js.map