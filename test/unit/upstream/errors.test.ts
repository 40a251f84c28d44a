import { describe, expect, it } from 'vitest';
import {
  isUpstreamError,
  parseJsonApiErrors,
  parseRetryAfter,
  UpstreamError,
} from '../../../src/upstream/errors.ts';
import { fixture } from '../../helpers/json-api-test-server.ts';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });
});

describe('parseJsonApiErrors', () => {
  it('keeps the documented members of Commerce Layer error objects', () => {
    expect(parseJsonApiErrors(fixture('not-found-404'))).toEqual([
      {
        title: 'Record not found',
        detail: 'The requested resource was not found. Please double-check the resource id.',
        code: 'RECORD_NOT_FOUND',
        status: '404',
      },
    ]);
  });

  it('accepts JSON text, a single error object and numeric statuses', () => {
    expect(parseJsonApiErrors('{"errors":[{"code":"X","status":400}]}')).toEqual([
      { code: 'X', status: '400' },
    ]);
    expect(parseJsonApiErrors({ errors: { code: 'Y', detail: 'd' } })).toEqual([
      { code: 'Y', detail: 'd' },
    ]);
  });

  it('returns [] for bodies without errors', () => {
    expect(parseJsonApiErrors('<html>')).toEqual([]);
    expect(parseJsonApiErrors(undefined)).toEqual([]);
    expect(parseJsonApiErrors({ data: [] })).toEqual([]);
    expect(parseJsonApiErrors({ errors: ['x', null] })).toEqual([]);
  });
});

describe('UpstreamError', () => {
  it('is recognised by isUpstreamError, also when it comes from another module copy', () => {
    const error = new UpstreamError({ code: 'UPSTREAM_TIMEOUT', method: 'GET', path: 'customers' });
    const lookalike = Object.assign(new Error('x'), { name: 'UpstreamError', code: 'UPSTREAM_X' });
    expect(isUpstreamError(error)).toBe(true);
    expect(isUpstreamError(lookalike)).toBe(true);
    expect(isUpstreamError(new Error('x'))).toBe(false);
    expect(isUpstreamError({ name: 'UpstreamError', code: 'UPSTREAM_X' })).toBe(false);
  });

  it('sets applied only for writes', () => {
    const read = new UpstreamError({
      code: 'UPSTREAM_TIMEOUT',
      method: 'GET',
      path: 'c',
      applied: 'unknown',
    });
    const write = new UpstreamError({
      code: 'UPSTREAM_TIMEOUT',
      method: 'POST',
      path: 'c',
      applied: 'unknown',
    });
    expect(read.applied).toBeUndefined();
    expect(write.applied).toBe('unknown');
    expect(write.message).toBe('Commerce Layer did not answer POST c in time');
  });

  it('serialises its fields and no stack', () => {
    const error = new UpstreamError({
      code: 'UPSTREAM_HTTP_ERROR',
      method: 'DELETE',
      path: 'customers/c1',
      status: 423,
      applied: 'no',
      requestId: 'r1',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'UpstreamError',
      code: 'UPSTREAM_HTTP_ERROR',
      message: 'Commerce Layer answered 423 to DELETE customers/c1',
      status: 423,
      errors: [],
      requestId: 'r1',
      method: 'DELETE',
      path: 'customers/c1',
      applied: 'no',
    });
  });
});
