import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  errorLog,
  errorSerializer,
  graphQLName,
  redactText,
} from '../../../src/plugins/redaction.ts';
import { withoutSuggestions } from '../../../src/plugins/use-no-suggestions.ts';
import { UpstreamError } from '../../../src/upstream/errors.ts';

describe('redactText', () => {
  it('removes e-mails, JWTs, bearer credentials and quoted input values', () => {
    const text = redactText(
      'Variable "$first" got invalid value "ann@example.com"; Int cannot represent non-integer value: "ann@example.com" Bearer abc.def eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig bob.smith+x@mail.example.org',
    );
    expect(text).not.toContain('ann@example.com');
    expect(text).not.toContain('bob.smith');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).toContain('Variable "$first"');
  });

  it('leaves stack frames in scoped packages readable', () => {
    const frame =
      'at execute (file:///app/node_modules/@graphql-tools/executor/esm/execute.js:31:24)';
    expect(redactText(frame)).toBe(frame);
  });

  it('scrubs the message and stack of a serialized error', () => {
    const serialized = errorSerializer(new Error('lookup of carl@example.com failed'));
    expect(JSON.stringify(serialized)).not.toContain('carl@example.com');
    expect(serialized.type).toBe('Error');
  });
});

describe('graphQLName', () => {
  it('keeps GraphQL names and hides any other caller-chosen key', () => {
    expect(graphQLName('CustomerCreate')).toBe('CustomerCreate');
    expect(graphQLName('ann@example.com')).toBe('[invalid name]');
    expect(graphQLName('x'.repeat(101))).toBe('[invalid name]');
  });
});

describe('errorLog', () => {
  it('logs the caller’s mistakes at info by code and path, without their text', () => {
    const variable = new GraphQLError('Variable "$e" got invalid value "dan@example.com".');
    expect(errorLog(variable)).toEqual({
      level: 'info',
      msg: 'client error',
      fields: { code: 'BAD_USER_INPUT', path: undefined },
    });
    const coded = new GraphQLError('No Customer with email "eve@example.com".', {
      path: ['customerByEmail'],
      extensions: { code: 'NOT_FOUND' },
    });
    expect(errorLog(coded)).toMatchObject({
      level: 'info',
      fields: { code: 'NOT_FOUND', path: 'customerByEmail' },
    });
    expect(JSON.stringify(errorLog(coded))).not.toContain('eve@example.com');
  });

  it('logs upstream 4xx at info, 5xx at warn, and only the gateway’s own faults at error', () => {
    const wrap = (error: Error) =>
      new GraphQLError('masked', { path: ['customers'], originalError: error });
    const clientSide = new UpstreamError({
      code: 'UPSTREAM_HTTP_ERROR',
      method: 'GET',
      path: 'customers',
      status: 401,
    });
    const serverSide = new UpstreamError({
      code: 'UPSTREAM_HTTP_ERROR',
      method: 'GET',
      path: 'customers',
      status: 503,
    });
    expect(errorLog(wrap(clientSide)).level).toBe('info');
    expect(errorLog(wrap(serverSide)).level).toBe('warn');
    const bug = errorLog(wrap(new TypeError('x is undefined')));
    expect(bug.level).toBe('error');
    expect(bug.fields.err).toBeInstanceOf(TypeError);
  });
});

describe('withoutSuggestions', () => {
  it.each([
    ['Cannot query field "customerz" on type "Query". Did you mean "customer" or "customers"?'],
    ['Unknown argument "frist" on field "Query.customers". Did you mean "first"?'],
    [
      'Variable "$s" got invalid value "CREATED_A"; Value "CREATED_A" does not exist in "CustomerSortKey" enum. Did you mean the enum value "CREATED_AT"?',
    ],
    [
      'Unknown type "CustomerSortKy". Did you mean "CustomerSortKey", "CustomerWhere", or "Customer"?',
    ],
    [
      'Cannot query field "email" on type "Node". Did you mean to use an inline fragment on "Customer"?',
    ],
  ])('strips %s', (message) => {
    const stripped = withoutSuggestions(message);
    expect(stripped).not.toContain('Did you mean');
    expect(stripped.endsWith('.')).toBe(true);
  });
});
