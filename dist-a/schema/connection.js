import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { MAX_BATCH } from "./loading/resource-loader.js";
/** Page size when neither `first` nor `last` is given. */
export const DEFAULT_CONNECTION_SIZE = 20;
/** Largest `first`/`last`: four upstream pages, fetched in parallel. */
export const MAX_CONNECTION_SIZE = 100;
function badInput(message, argument) {
    return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}
/** An opaque cursor: the position, bound to the list's filter and order by a fingerprint. */
export function encodeCursor(offset, fingerprint) {
    return Buffer.from(JSON.stringify([offset, fingerprint])).toString('base64url');
}
function decodeCursor(cursor, fingerprint, argument) {
    let decoded;
    try {
        decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    }
    catch {
        throw badInput(`\`${argument}\` is not a cursor this API issued.`, argument);
    }
    if (!Array.isArray(decoded) ||
        !Number.isInteger(decoded[0]) ||
        decoded[0] < 0 ||
        typeof decoded[1] !== 'string') {
        throw badInput(`\`${argument}\` is not a cursor this API issued.`, argument);
    }
    if (decoded[1] !== fingerprint) {
        throw badInput(`\`${argument}\` was issued for a different filter or sort order; cursors only work with the arguments they came from.`, argument);
    }
    return decoded[0];
}
/** A short hash of whatever defines a list's contents and order. */
export function fingerprintOf(value) {
    return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 12);
}
/** Validates connection arguments and turns them into offsets. */
export function windowOf(args, fingerprint) {
    for (const name of ['first', 'last']) {
        const value = args[name];
        if (value != null && (value < 0 || value > MAX_CONNECTION_SIZE)) {
            throw badInput(`\`${name}\` must be between 0 and ${MAX_CONNECTION_SIZE}.`, name);
        }
    }
    const start = args.after ? decodeCursor(args.after, fingerprint, 'after') + 1 : 0;
    let end = args.before ? decodeCursor(args.before, fingerprint, 'before') : undefined;
    if (end !== undefined && end < start) {
        end = start;
    }
    if (args.first != null) {
        end = end === undefined ? start + args.first : Math.min(end, start + args.first);
    }
    if (args.last != null) {
        if (end === undefined) {
            return { start, end: undefined, fromEnd: args.last };
        }
        return { start: Math.max(start, end - args.last), end };
    }
    if (args.first == null && end === undefined) {
        end = start + DEFAULT_CONNECTION_SIZE;
    }
    return { start, end: end ?? start + DEFAULT_CONNECTION_SIZE };
}
/**
 * Upstream pages covering `[offset, offset + limit)`: one page when a page size up to 25 fits the
 * range, otherwise consecutive pages of 25.
 */
export function pagesFor(offset, limit) {
    if (limit <= 0) {
        return [{ number: 1, size: 1 }];
    }
    if (limit <= MAX_BATCH) {
        for (let size = limit; size <= MAX_BATCH; size++) {
            if (Math.floor(offset / size) === Math.floor((offset + limit - 1) / size)) {
                return [{ number: Math.floor(offset / size) + 1, size }];
            }
        }
    }
    const first = Math.floor(offset / MAX_BATCH);
    const last = Math.floor((offset + limit - 1) / MAX_BATCH);
    return Array.from({ length: last - first + 1 }, (_, i) => ({
        number: first + i + 1,
        size: MAX_BATCH,
    }));
}
function build(items, firstOffset, total, fingerprint) {
    const edges = items.map((node, i) => new LazyEdge(node, firstOffset + i, fingerprint));
    const last = edges.length - 1;
    return {
        edges,
        totalCount: total,
        pageInfo: {
            hasPreviousPage: firstOffset > 0 && total > 0,
            hasNextPage: firstOffset + items.length < total,
            get startCursor() {
                return edges[0]?.cursor ?? null;
            },
            get endCursor() {
                return edges[last]?.cursor ?? null;
            },
        },
    };
}
/**
 * An edge whose cursor is encoded when it is read: most selections ask for `nodes`, or for the
 * cursors of a few edges, so a page of 25 customers with 5 addresses each would otherwise encode
 * 150 cursors nobody reads.
 */
class LazyEdge {
    node;
    offset;
    fingerprint;
    constructor(node, offset, fingerprint) {
        this.node = node;
        this.offset = offset;
        this.fingerprint = fingerprint;
    }
    get cursor() {
        return encodeCursor(this.offset, this.fingerprint);
    }
}
export function connectionFromArray(items, args, fingerprint = 'included') {
    const window = windowOf(args, fingerprint);
    const end = window.end ?? items.length;
    const start = window.fromEnd !== undefined ? Math.max(window.start, end - window.fromEnd) : window.start;
    return build(items.slice(start, Math.min(end, items.length)), start, items.length, fingerprint);
}
/**
 * A connection over a paged upstream list. `fetch(page, reversed)` fetches one upstream page;
 * `reversed` asks for the opposite order (used for `last` without `before`, which then costs one
 * request instead of two). Pages of one window are fetched in parallel.
 */
export async function connectionFromPages(args, fingerprint, fetch, options = { reversible: true }) {
    let window = windowOf(args, fingerprint);
    if (window.fromEnd !== undefined && !options.reversible) {
        // No order to reverse: learn the total first (one small request), then fetch the window.
        const total = (await fetch({ number: 1, size: 1 }, false)).recordCount;
        window = { start: Math.max(window.start, total - window.fromEnd), end: total };
    }
    if (window.fromEnd !== undefined) {
        const pages = pagesFor(0, window.fromEnd);
        const answers = await Promise.all(pages.map((page) => fetch(page, true)));
        const total = answers[0]?.recordCount ?? 0;
        const newestFirst = answers.flatMap((answer) => answer.data).slice(0, window.fromEnd);
        const firstOffset = Math.max(total - newestFirst.length, window.start);
        const items = newestFirst.reverse().slice(firstOffset - (total - newestFirst.length));
        return build(items, firstOffset, total, fingerprint);
    }
    const limit = (window.end ?? window.start) - window.start;
    const pages = pagesFor(window.start, limit);
    const answers = await Promise.all(pages.map((page) => fetch(page, false)));
    const total = answers[0]?.recordCount ?? 0;
    const firstPage = pages[0] ?? { number: 1, size: 1 };
    const pageStart = (firstPage.number - 1) * firstPage.size;
    const all = answers.flatMap((answer) => answer.data);
    const items = limit <= 0 ? [] : all.slice(window.start - pageStart, window.start - pageStart + limit);
    return build(items, window.start, total, fingerprint);
}
//# sourceMappingURL=connection.js.map