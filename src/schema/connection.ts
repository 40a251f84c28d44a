import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Resource, ResourcePage } from '../upstream/types.ts';
import { MAX_BATCH } from './loading/resource-loader.ts';

/** Page size when neither `first` nor `last` is given. */
export const DEFAULT_CONNECTION_SIZE = 20;
/** Largest `first`/`last`: four upstream pages, fetched in parallel. */
export const MAX_CONNECTION_SIZE = 100;

export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface Connection<T> {
  readonly edges: Edge<T>[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  readonly totalCount: number;
}

/**
 * The slice of a list that connection arguments ask for, as offsets. `fromEnd` means `last`
 * without `before`: the end is only known once the total is.
 */
export interface Window {
  readonly start: number;
  /** Exclusive; undefined with `fromEnd`. */
  readonly end: number | undefined;
  readonly fromEnd?: number;
}

function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** An opaque cursor: the position, bound to the list's filter and order by a fingerprint. */
export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify([offset, fingerprint])).toString('base64url');
}

function decodeCursor(cursor: string, fingerprint: string, argument: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`\`${argument}\` is not a cursor this API issued.`, argument);
  }
  if (
    !Array.isArray(decoded) ||
    !Number.isInteger(decoded[0]) ||
    decoded[0] < 0 ||
    typeof decoded[1] !== 'string'
  ) {
    throw badInput(`\`${argument}\` is not a cursor this API issued.`, argument);
  }
  if (decoded[1] !== fingerprint) {
    throw badInput(
      `\`${argument}\` was issued for a different filter or sort order; cursors only work with the arguments they came from.`,
      argument,
    );
  }
  return decoded[0] as number;
}

/** A short hash of whatever defines a list's contents and order. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 12);
}

/** Validates connection arguments and turns them into offsets. */
export function windowOf(args: ConnectionArgs, fingerprint: string): Window {
  for (const name of ['first', 'last'] as const) {
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
export function pagesFor(offset: number, limit: number): { number: number; size: number }[] {
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

function build<T>(
  items: readonly T[],
  firstOffset: number,
  total: number,
  fingerprint: string,
  from = 0,
  to = items.length,
): Connection<T> {
  const edges: LazyEdge<T>[] = new Array(Math.max(0, to - from));
  for (let index = from; index < to; index += 1) {
    edges[index - from] = new LazyEdge(items[index] as T, firstOffset + index - from, fingerprint);
  }
  return {
    edges,
    totalCount: total,
    pageInfo: new LazyPageInfo(
      edges,
      firstOffset > 0 && total > 0,
      firstOffset + edges.length < total,
    ),
  };
}

/** Page info whose cursors, like the edges', are encoded only when read. */
class LazyPageInfo<T> {
  constructor(
    private readonly edges: readonly LazyEdge<T>[],
    readonly hasPreviousPage: boolean,
    readonly hasNextPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/**
 * An edge whose cursor is encoded when it is read: most selections ask for `nodes`, or for the
 * cursors of a few edges, so a page of 25 customers with 5 addresses each would otherwise encode
 * 150 cursors nobody reads.
 */
class LazyEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly offset: number,
    private readonly fingerprint: string,
  ) {}

  get cursor(): string {
    return encodeCursor(this.offset, this.fingerprint);
  }
}

export function connectionFromArray<T>(
  items: readonly T[],
  args: ConnectionArgs,
  fingerprint = 'included',
): Connection<T> {
  const window = windowOf(args, fingerprint);
  const end = window.end ?? items.length;
  const start =
    window.fromEnd !== undefined ? Math.max(window.start, end - window.fromEnd) : window.start;
  // The window's edges straight from `items`: no copy of the slice first.
  return build(
    items,
    start,
    items.length,
    fingerprint,
    start,
    Math.max(start, Math.min(end, items.length)),
  );
}

/**
 * A connection over a paged upstream list. `fetch(page, reversed)` fetches one upstream page;
 * `reversed` asks for the opposite order (used for `last` without `before`, which then costs one
 * request instead of two). Pages of one window are fetched in parallel.
 */
export async function connectionFromPages(
  args: ConnectionArgs,
  fingerprint: string,
  fetch: (page: { number: number; size: number }, reversed: boolean) => Promise<ResourcePage>,
  options: { readonly reversible: boolean } = { reversible: true },
): Promise<Connection<Resource>> {
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
  const items =
    limit <= 0 ? [] : all.slice(window.start - pageStart, window.start - pageStart + limit);
  return build(items, window.start, total, fingerprint);
}
