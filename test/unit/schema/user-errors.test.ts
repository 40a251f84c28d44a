import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkEmail, checkMetadata, checkTagNames } from '../../../src/schema/customer/writes.ts';
import {
  camelCase,
  fieldOfPointer,
  fromUpstream,
  type PointerMapping,
  UserErrors,
  userError,
  withUserErrors,
} from '../../../src/schema/user-errors.ts';
import { UpstreamError } from '../../../src/upstream/errors.ts';

const input: PointerMapping = {
  prefix: ['input'],
  names: { customer_group: ['customerGroupId'] },
  idField: ['id'],
};

function http(status: number, errors: UpstreamError['errors'], extra: object = {}): UpstreamError {
  return new UpstreamError({
    code: 'UPSTREAM_HTTP_ERROR',
    method: 'PATCH',
    path: 'customers/abc',
    status,
    errors,
    applied: 'no',
    ...extra,
  });
}

function validation(attribute: string, error: string, detail = `${attribute} - is wrong`) {
  return {
    code: 'VALIDATION_ERROR',
    status: '422',
    title: 'is wrong',
    detail,
    source: { pointer: `/data/attributes/${attribute}` },
    meta: { error, value: 'SECRET-INPUT-VALUE' },
  };
}

describe('fieldOfPointer', () => {
  it('turns attribute and relationship pointers into GraphQL input paths', () => {
    expect(fieldOfPointer('/data/attributes/email', input)).toEqual(['input', 'email']);
    expect(fieldOfPointer('/data/attributes/tax_exemption_code', input)).toEqual([
      'input',
      'taxExemptionCode',
    ]);
    expect(fieldOfPointer('/data/relationships/customer_group', input)).toEqual([
      'input',
      'customerGroupId',
    ]);
    expect(fieldOfPointer('/data/relationships/customer_group/data', input)).toEqual([
      'input',
      'customerGroupId',
    ]);
  });

  it('gives null for pointers that name no argument', () => {
    expect(fieldOfPointer(undefined, input)).toBeNull();
    expect(fieldOfPointer('/data/id', input)).toBeNull();
    expect(
      fieldOfPointer('/data/attributes/_cancel_anonymization', {
        prefix: [],
        names: { _cancel_anonymization: null },
      }),
    ).toBeNull();
  });

  it('camel-cases wire names, dropping leading underscores', () => {
    expect(camelCase('reference_origin')).toBe('referenceOrigin');
    expect(camelCase('_reset_password_token')).toBe('resetPasswordToken');
  });
});

describe('fromUpstream', () => {
  it('maps meta.error of each 422 error to a code on its field, without echoing meta.value', () => {
    const errors = fromUpstream(
      http(422, [
        validation('email', 'taken', 'email - has already been taken'),
        validation('email', 'blank'),
        validation('reference', 'too_long'),
        validation('reference', 'too_short'),
        validation('shopper_reference', 'wrong_length'),
        validation('reference', 'something_new'),
      ]),
      input,
    );
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['TAKEN', ['input', 'email']],
      ['BLANK', ['input', 'email']],
      ['TOO_LONG', ['input', 'reference']],
      ['TOO_SHORT', ['input', 'reference']],
      ['INVALID', ['input', 'shopperReference']],
      ['INVALID', ['input', 'reference']],
    ]);
    expect(errors[0]?.message).toContain('has already been taken');
    expect(JSON.stringify(errors)).not.toContain('SECRET-INPUT-VALUE');
  });

  it('lets a mapping override the code of an attribute (state triggers)', () => {
    const [error] = fromUpstream(http(422, [validation('_cancel_anonymization', 'invalid')]), {
      prefix: [],
      names: { _cancel_anonymization: null },
      codes: { _cancel_anonymization: 'INVALID_STATE' },
    });
    expect(error).toMatchObject({ code: 'INVALID_STATE', field: null });
  });

  it('maps statuses: 401, 404, 409, 423, 429, 5xx', () => {
    const one = (status: number, code?: string, extra: object = {}) =>
      fromUpstream(http(status, code ? [{ code, detail: 'detail' }] : [], extra), input)[0];
    expect(one(401, 'UNAUTHORIZED')).toMatchObject({ code: 'FORBIDDEN' });
    expect(one(401, 'INVALID_TOKEN')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(one(403, 'FORBIDDEN')).toMatchObject({ code: 'FORBIDDEN' });
    expect(one(404, 'RECORD_NOT_FOUND')).toMatchObject({ code: 'NOT_FOUND', field: ['id'] });
    expect(one(409, 'RECORD_NOT_UNIQUE')).toMatchObject({ code: 'TAKEN' });
    expect(one(423, 'LOCKED')).toMatchObject({ code: 'HAS_DEPENDENCIES', field: ['id'] });
    expect(one(429, undefined, { retryAfterSeconds: 7 })).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('retry in 7 s'),
    });
    expect(one(503)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('maps a 404 on a relationship pointer to that input field', () => {
    const [error] = fromUpstream(
      http(404, [
        { code: 'RECORD_NOT_FOUND', source: { pointer: '/data/relationships/customer_group' } },
      ]),
      input,
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'customerGroupId'] });
  });

  it('is FORBIDDEN for PARAM_NOT_ALLOWED from a sales channel, INVALID otherwise', () => {
    const error = http(400, [
      { code: 'PARAM_NOT_ALLOWED', source: { pointer: '/data/attributes/_add_tags' } },
    ]);
    expect(fromUpstream(error, { ...input, tokenKind: 'sales_channel' })[0]?.code).toBe(
      'FORBIDDEN',
    );
    expect(fromUpstream(error, { ...input, tokenKind: 'integration' })[0]?.code).toBe('INVALID');
  });

  it('says UNKNOWN_OUTCOME when a sent write lost its answer, UPSTREAM_UNAVAILABLE when not sent', () => {
    const lost = new UpstreamError({
      code: 'UPSTREAM_TIMEOUT',
      method: 'POST',
      path: 'customers',
      applied: 'unknown',
    });
    expect(fromUpstream(lost, input)).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_OUTCOME', field: null }),
    ]);
    const gateway = http(504, [], { applied: 'unknown' });
    expect(fromUpstream(gateway, input)[0]?.code).toBe('UNKNOWN_OUTCOME');
    const refused = new UpstreamError({
      code: 'UPSTREAM_NETWORK_ERROR',
      method: 'POST',
      path: 'customers',
      applied: 'no',
      causeCode: 'ECONNREFUSED',
    });
    expect(fromUpstream(refused, input)[0]).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringContaining('nothing was changed'),
    });
  });
});

describe('withUserErrors', () => {
  it('returns the result, or user errors for UserErrors, upstream errors and bad input', async () => {
    expect(await withUserErrors(input, async () => ({ ok: true }))).toEqual({ ok: true });
    expect(
      await withUserErrors(input, async () => {
        throw new UserErrors([userError('BLANK', 'blank', ['input', 'email'])]);
      }),
    ).toEqual({ userErrors: [{ code: 'BLANK', message: 'blank', field: ['input', 'email'] }] });
    expect(
      await withUserErrors(input, async () => {
        throw http(422, [validation('email', 'invalid')]);
      }),
    ).toEqual({ userErrors: [expect.objectContaining({ code: 'INVALID' })] });
    expect(
      await withUserErrors(input, async () => {
        throw new GraphQLError('bad', { extensions: { code: 'BAD_USER_INPUT', argument: 'a.b' } });
      }),
    ).toEqual({ userErrors: [{ code: 'INVALID', message: 'bad', field: ['a', 'b'] }] });
  });

  it('rethrows programming errors (they stay masked top-level errors)', async () => {
    await expect(
      withUserErrors(input, async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
  });
});

/** The user errors a check throws (or [] when it passes). */
function errorsOf(check: () => unknown) {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof UserErrors) {
      return error.errors.map((e) => [e.code, e.field]);
    }
    throw error;
  }
}

describe('input checks made before any upstream call', () => {
  it('checks email addresses', () => {
    expect(checkEmail('  Ann@Example.com ', ['input', 'email'])).toBe('Ann@Example.com');
    expect(errorsOf(() => checkEmail('', ['input', 'email']))).toEqual([
      ['BLANK', ['input', 'email']],
    ]);
    expect(errorsOf(() => checkEmail('a@b', ['email']))).toEqual([['INVALID', ['email']]]);
    expect(errorsOf(() => checkEmail(`${'a'.repeat(250)}@b.co`, ['email']))).toEqual([
      ['TOO_LONG', ['email']],
    ]);
  });

  it('normalises tag names and reports each bad one at its index', () => {
    expect(checkTagNames(['VIP', 'vip', ' b2b:eu ', 'a_b-c'], ['tags'])).toEqual([
      'vip',
      'b2b:eu',
      'a_b-c',
    ]);
    expect(errorsOf(() => checkTagNames(['ok', '', 'a b', 'x'.repeat(26)], ['tags']))).toEqual([
      ['BLANK', ['tags', '1']],
      ['INVALID', ['tags', '2']],
      ['TOO_LONG', ['tags', '3']],
    ]);
    expect(errorsOf(() => checkTagNames([], ['tags']))).toEqual([['BLANK', ['tags']]]);
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`);
    expect(errorsOf(() => checkTagNames(eleven, ['tags']))).toEqual([['LIMIT_EXCEEDED', ['tags']]]);
    expect(checkTagNames(eleven, ['tags'], { limit: false })).toHaveLength(11);
  });

  it('accepts metadata objects of sane size only', () => {
    expect(checkMetadata({ a: 1 }, ['metadata'])).toEqual({ a: 1 });
    expect(errorsOf(() => checkMetadata([1], ['metadata']))).toEqual([['INVALID', ['metadata']]]);
    expect(errorsOf(() => checkMetadata({ '': 1 }, ['metadata']))).toEqual([
      ['INVALID', ['metadata']],
    ]);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    expect(errorsOf(() => checkMetadata(many, ['metadata']))).toEqual([['TOO_LONG', ['metadata']]]);
    expect(errorsOf(() => checkMetadata({ a: 'x'.repeat(17_000) }, ['metadata']))).toEqual([
      ['TOO_LONG', ['metadata']],
    ]);
  });
});
