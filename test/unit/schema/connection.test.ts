import { describe, expect, it } from 'vitest';
import {
  connectionFromArray,
  encodeCursor,
  pagesFor,
  windowOf,
} from '../../../src/schema/connection.ts';

describe('pagesFor', () => {
  it('uses one page when a size up to 25 covers the range', () => {
    expect(pagesFor(0, 25)).toEqual([{ number: 1, size: 25 }]);
    expect(pagesFor(0, 10)).toEqual([{ number: 1, size: 10 }]);
    expect(pagesFor(10, 10)).toEqual([{ number: 2, size: 10 }]);
    expect(pagesFor(7, 7)).toEqual([{ number: 2, size: 7 }]);
    expect(pagesFor(5, 10)).toEqual([{ number: 1, size: 15 }]);
    expect(pagesFor(20, 10)).toEqual([{ number: 3, size: 10 }]);
  });

  it('uses consecutive pages of 25 for larger windows', () => {
    expect(pagesFor(0, 100)).toEqual([1, 2, 3, 4].map((number) => ({ number, size: 25 })));
    expect(pagesFor(20, 24)).toEqual([
      { number: 1, size: 25 },
      { number: 2, size: 25 },
    ]);
  });

  it('always covers the asked range', () => {
    for (let offset = 0; offset < 80; offset += 3) {
      for (const limit of [1, 2, 5, 9, 24, 25, 26, 60, 100]) {
        const pages = pagesFor(offset, limit);
        const first = pages[0]!;
        const last = pages.at(-1)!;
        expect((first.number - 1) * first.size).toBeLessThanOrEqual(offset);
        expect(last.number * last.size).toBeGreaterThanOrEqual(offset + limit);
        expect(pages.every((page) => page.size <= 25)).toBe(true);
      }
    }
  });
});

describe('windowOf', () => {
  const fp = 'fp';
  it('reads first/after, last/before and their combinations', () => {
    expect(windowOf({ first: 5 }, fp)).toEqual({ start: 0, end: 5 });
    expect(windowOf({ first: 5, after: encodeCursor(9, fp) }, fp)).toEqual({ start: 10, end: 15 });
    expect(windowOf({ last: 5, before: encodeCursor(20, fp) }, fp)).toEqual({ start: 15, end: 20 });
    expect(windowOf({ last: 5 }, fp)).toEqual({ start: 0, end: undefined, fromEnd: 5 });
    expect(windowOf({}, fp)).toEqual({ start: 0, end: 20 });
  });

  it('refuses cursors of another list and out-of-range sizes', () => {
    expect(() => windowOf({ after: encodeCursor(1, 'other') }, fp)).toThrow(/different filter/);
    expect(() => windowOf({ after: 'garbage' }, fp)).toThrow(/not a cursor/);
    expect(() => windowOf({ first: 101 }, fp)).toThrow(/between 0 and 100/);
    expect(() => windowOf({ last: -1 }, fp)).toThrow(/between 0 and 100/);
  });
});

describe('connectionFromArray', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  it('slices forwards and backwards with page info', () => {
    const page = connectionFromArray(items, { first: 2 });
    expect(page.edges.map((e) => e.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = connectionFromArray(items, { first: 2, after: page.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node)).toEqual(['c', 'd']);
    const tail = connectionFromArray(items, { last: 2 });
    expect(tail.edges.map((e) => e.node)).toEqual(['d', 'e']);
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(tail.totalCount).toBe(5);
  });
});
